/**
 * Limits of one sandboxed module: the plan's `sandbox:` block, validated strictly, with defaults.
 */
import { KernelError } from "../src/errors.ts";
import { type SandboxOptions, sandboxOptionsSchema } from "../src/plan/sandbox-options.ts";
import type { SandboxLimitsData } from "./protocol.ts";
import { MIN_MEMORY_MIB } from "./quickjs-instance.ts";

/** Resolved limits of one sandbox. */
export type SandboxLimits = SandboxLimitsData;

/**
 * Interrupt-handler calls allowed per millisecond of `timeout_ms`. QuickJS polls the handler
 * about every 10,000 bytecodes (measured 4k–46k polls per second across hosts), so this budget
 * stops a loop even where the clock does not advance during synchronous code (deployed Workers).
 */
export const INTERRUPT_CHECKS_PER_MS = 50;

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
});

/**
 * Validates a plan's `sandbox:` block (unknown keys are an error) and fills in the defaults.
 * `placement` and `permissions` are accepted here and enforced by the boundary layer.
 *
 * @throws KernelError `invalid_config` naming the offending key.
 * @example
 * resolveSandboxLimits({ memory_mb: 32, timeout_ms: 250 }).timeoutMs; // 250
 */
export function resolveSandboxLimits(options: SandboxOptions | undefined = {}): SandboxLimits {
  const parsed = sandboxOptionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.length ? `sandbox.${issue.path.join(".")}` : "sandbox";
    const keys = issue && "keys" in issue && Array.isArray(issue.keys) ? ` (${issue.keys.join(", ")})` : "";
    throw new KernelError("invalid_config", `${path}: ${issue?.message ?? "invalid sandbox options"}${keys}`, {
      data: { path: issue?.path ?? [] },
    });
  }
  const block = parsed.data;
  const memoryMiB = block.memory_mb ?? DEFAULT_SANDBOX_LIMITS.memoryMiB;
  if (memoryMiB < MIN_MEMORY_MIB) {
    throw new KernelError(
      "invalid_config",
      `sandbox.memory_mb: must be at least ${MIN_MEMORY_MIB} (the engine's own initial memory), got ${memoryMiB}`,
      { data: { path: ["memory_mb"] } },
    );
  }
  const timeoutMs = block.timeout_ms ?? DEFAULT_SANDBOX_LIMITS.timeoutMs;
  return Object.freeze({
    memoryMiB,
    timeoutMs,
    stackBytes: (block.stack_kb ?? DEFAULT_SANDBOX_LIMITS.stackBytes / 1024) * 1024,
    maxMessageBytes: block.max_message_bytes ?? DEFAULT_SANDBOX_LIMITS.maxMessageBytes,
    maxPendingJobs: block.max_pending_jobs ?? DEFAULT_SANDBOX_LIMITS.maxPendingJobs,
    maxMounts: block.max_mounts ?? DEFAULT_SANDBOX_LIMITS.maxMounts,
    restarts: block.restarts ?? DEFAULT_SANDBOX_LIMITS.restarts,
    interruptBudget: Math.max(1_000, timeoutMs * INTERRUPT_CHECKS_PER_MS),
  });
}
