/**
 * Limits of one sandboxed module: the plan's `sandbox:` block, validated strictly, with defaults.
 */
import { formatIssuePath, KernelError } from "../../src/errors.ts";
import { type SandboxOptions, sandboxOptionsSchema } from "../../src/plan/sandbox-options.ts";
import type { SandboxLimits } from "../protocol.ts";
import { INTERRUPT_CHECKS_PER_MS } from "../runner/call-guard.ts";
import { MIN_MEMORY_MIB } from "../runner/engine-instance.ts";
import { issuesOf } from "./guest-requests.ts";

/** The defaults: 64 MiB, 1 s of guest time per call, 256 KiB of stack, 1 MiB per message. */
export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = Object.freeze({
  memoryMiB: 64,
  timeoutMs: 1_000,
  stackBytes: 256 * 1024,
  maxMessageBytes: 1024 * 1024,
  maxPendingJobs: 64,
  maxMounts: 32,
  restarts: 3,
  interruptBudget: 1_000 * INTERRUPT_CHECKS_PER_MS,
  cpuWindowMs: 10_000,
  cpuBudgetMs: 5_000,
  backgroundBudgetMs: 100,
  streamMaxBytes: 8 * 1024 * 1024,
  streamMaxEvents: 100_000,
  streamTimeoutMs: 10 * 60_000,
});

/**
 * Validates a plan's `sandbox:` block (unknown keys are an error) and fills in the defaults.
 * `placement` and `permissions` are accepted here and enforced by the kernel side.
 *
 * @throws KernelError `invalid_config` naming the offending key.
 * @example
 * resolveSandboxLimits({ memory_mb: 32, timeout_ms: 250 }).timeoutMs; // 250
 */
export function resolveSandboxLimits(options: SandboxOptions | undefined = {}): SandboxLimits {
  const parsed = sandboxOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    const issues = issuesOf(parsed.error);
    const issue = parsed.error.issues[0];
    const path = issue?.path.length ? `sandbox.${formatIssuePath(issues[0]?.path ?? [])}` : "sandbox";
    const keys = issue && "keys" in issue && Array.isArray(issue.keys) ? ` (${issue.keys.join(", ")})` : "";
    throw new KernelError("invalid_config", `${path}: ${issue?.message ?? "invalid sandbox options"}${keys}`, {
      issues,
    });
  }
  const block = parsed.data;
  const defaults = DEFAULT_SANDBOX_LIMITS;
  const memoryMiB = block.memory_mb ?? defaults.memoryMiB;
  if (memoryMiB < MIN_MEMORY_MIB) {
    throw new KernelError(
      "invalid_config",
      `sandbox.memory_mb: must be at least ${MIN_MEMORY_MIB} (the engine's own initial memory), got ${memoryMiB}`,
      { issues: [{ path: ["memory_mb"], message: `must be at least ${MIN_MEMORY_MIB}`, code: "too_small" }] },
    );
  }
  const timeoutMs = block.timeout_ms ?? defaults.timeoutMs;
  return Object.freeze({
    memoryMiB,
    timeoutMs,
    stackBytes: (block.stack_kb ?? defaults.stackBytes / 1024) * 1024,
    maxMessageBytes: block.max_message_bytes ?? defaults.maxMessageBytes,
    maxPendingJobs: block.max_pending_jobs ?? defaults.maxPendingJobs,
    maxMounts: block.max_mounts ?? defaults.maxMounts,
    restarts: block.restarts ?? defaults.restarts,
    interruptBudget: Math.max(1_000, timeoutMs * INTERRUPT_CHECKS_PER_MS),
    cpuWindowMs: block.cpu_window_ms ?? defaults.cpuWindowMs,
    cpuBudgetMs: block.cpu_budget_ms ?? Math.max(defaults.cpuBudgetMs, 5 * timeoutMs),
    backgroundBudgetMs: block.background_ms ?? defaults.backgroundBudgetMs,
    streamMaxBytes: block.stream_max_bytes ?? defaults.streamMaxBytes,
    streamMaxEvents: block.stream_max_events ?? defaults.streamMaxEvents,
    streamTimeoutMs: block.stream_timeout_ms ?? defaults.streamTimeoutMs,
  });
}
