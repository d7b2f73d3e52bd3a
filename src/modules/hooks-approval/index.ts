/**
 * `hooks-approval`: asks the user before configured tools run (names or glob patterns, plus the
 * `require_approval_tools` list in `session_state`), and remembers "Allow always" per tool for
 * the session. It asks the coordinator's approval system itself, so it knows which answer was
 * given; with no approval system it denies (fail closed), as the kernel's `ask_user` does.
 * Emits `approval:required`, then `approval:granted` or `approval:denied`.
 *
 * An approval covers the input the user saw: a second handler, registered to run after every other
 * `tool:pre` handler, denies a call whose input a later hook rewrote after it was approved.
 */
import { z } from "zod";
import { type ApprovalAsker, type ApprovalSystem, isAllowDecision } from "../../approval.ts";
import type { Coordinator, ModuleDefinition } from "../../contracts.ts";
import { describeError, KernelError } from "../../errors.ts";
import { APPROVAL_DENIED, APPROVAL_GRANTED, APPROVAL_REQUIRED, TOOL_PRE } from "../../hooks/events.ts";
import type { HookResultInput } from "../../models/index.ts";
import { timerDelay } from "../../timer-delay.ts";
import { parseModuleConfig } from "../shared/config.ts";
import { globMatcher } from "../shared/glob.ts";

/** Config of `hooks-approval`. */
export const approvalConfigSchema = z.strictObject({
  /** Tool names or glob patterns that need approval (default: every tool). */
  tools: z.array(z.string().min(1)).default(["*"]),
  /** Tool names or patterns that never need approval (checked first). */
  exclude_tools: z.array(z.string().min(1)).default([]),
  /** Seconds to wait for an answer. */
  timeout: z.number().positive().default(300),
  /** What a timeout means. */
  default: z.enum(["allow", "deny"]).default("deny"),
  options: z.array(z.string().min(1)).min(1).default(["Allow once", "Allow always", "Deny"]),
  /** Runs before other tool:pre handlers (lower runs first). */
  priority: z.number().default(-100),
});

/** Parsed config of `hooks-approval`. */
export type ApprovalConfig = z.output<typeof approvalConfigSchema>;

function preview(input: unknown): string {
  const text = JSON.stringify(input) ?? "";
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

async function ask(
  approval: ApprovalSystem,
  prompt: string,
  config: ApprovalConfig,
  context: ApprovalAsker,
): Promise<string | "timeout"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timerDelay(config.timeout * 1000));
  });
  try {
    return await Promise.race([
      approval.request_approval(prompt, config.options, config.timeout, config.default, context),
      deadline,
    ]);
  } catch (error) {
    if (KernelError.is(error, "approval_timeout")) return "timeout";
    throw error;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

/** Runs after every other `tool:pre` handler (sandboxed modules cannot register this late). */
export const APPROVAL_SEAL_PRIORITY = Number.MAX_VALUE;

/** How many approved-but-not-yet-sealed calls are remembered (older ones are forgotten). */
const MAX_OPEN_APPROVALS = 256;

function callKey(data: Record<string, unknown>): string {
  return typeof data.tool_call_id === "string"
    ? data.tool_call_id
    : `${String(data.tool_name)}:${preview(data.tool_input)}`;
}

/** Key-order-independent JSON, so that an unchanged input always compares equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function requiredByState(coordinator: Coordinator, tool: string): boolean {
  const listed = coordinator.session_state.require_approval_tools;
  return Array.isArray(listed) && listed.includes(tool);
}

/** The `hooks-approval` module. */
export const hooksApproval: ModuleDefinition = {
  id: "hooks-approval",
  type: "hook",
  description: "Asks before configured tools run; remembers Allow always per session.",
  version: "1.0.0",
  async mount(coordinator, config) {
    const parsed = parseModuleConfig("hooks-approval", approvalConfigSchema, config);
    const needsApproval = globMatcher(parsed.tools);
    const exempt = globMatcher(parsed.exclude_tools);
    const allowedAlways = new Set<string>();
    // Inputs as they were approved, by call, until the seal checks them.
    const approved = new Map<string, string>();
    const remember = (data: Record<string, unknown>) => {
      approved.set(callKey(data), canonical(data.tool_input));
      for (const key of approved.keys()) {
        if (approved.size <= MAX_OPEN_APPROVALS) break;
        approved.delete(key);
      }
    };
    const handler = async (_event: string, data: Record<string, unknown>): Promise<HookResultInput> => {
      const tool = typeof data.tool_name === "string" ? data.tool_name : "";
      if (exempt(tool) || !(needsApproval(tool) || requiredByState(coordinator, tool))) return {};
      const base = { tool_name: tool, tool_call_id: data.tool_call_id ?? null };
      if (allowedAlways.has(tool)) {
        remember(data);
        await coordinator.hooks.emit(APPROVAL_GRANTED, { ...base, decision: "Allow always", remembered: true });
        return {};
      }
      const prompt = `Allow the tool "${tool}" to run with ${preview(data.tool_input)}?`;
      await coordinator.hooks.emit(APPROVAL_REQUIRED, { ...base, prompt, options: parsed.options });
      const approval = coordinator.approval_system;
      if (!approval) {
        await coordinator.hooks.emit(APPROVAL_DENIED, { ...base, reason: "no approval system" });
        return { action: "deny", reason: "No approval system available" };
      }
      let decision: string;
      try {
        decision = await ask(approval, prompt, parsed, {
          source: "hooks-approval",
          event: TOOL_PRE,
          tool_name: tool,
          ...(typeof data.tool_call_id === "string" ? { tool_call_id: data.tool_call_id } : {}),
        });
      } catch (error) {
        await coordinator.hooks.emit(APPROVAL_DENIED, { ...base, reason: describeError(error) });
        return { action: "deny", reason: `Approval failed: ${describeError(error)}` };
      }
      const allowed = decision === "timeout" ? parsed.default === "allow" : isAllowDecision(decision);
      if (!allowed) {
        await coordinator.hooks.emit(APPROVAL_DENIED, { ...base, decision });
        return {
          action: "deny",
          reason: decision === "timeout" ? `Approval timeout - denied by default: ${prompt}` : `User denied: ${prompt}`,
        };
      }
      if (decision.trim().toLowerCase() === "allow always") allowedAlways.add(tool);
      remember(data);
      await coordinator.hooks.emit(APPROVAL_GRANTED, { ...base, decision, remembered: false });
      return {};
    };
    const seal = async (_event: string, data: Record<string, unknown>): Promise<HookResultInput> => {
      const key = callKey(data);
      const input = approved.get(key);
      if (input === undefined) return {};
      approved.delete(key);
      if (input === canonical(data.tool_input)) return {};
      const tool = typeof data.tool_name === "string" ? data.tool_name : "";
      const reason = `The input of "${tool}" was changed by another hook after the user approved it; the changed call was not run.`;
      await coordinator.hooks.emit(APPROVAL_DENIED, {
        tool_name: tool,
        tool_call_id: data.tool_call_id ?? null,
        reason,
      });
      return { action: "deny", reason };
    };
    const unregister = coordinator.hooks.register(TOOL_PRE, handler, {
      priority: parsed.priority,
      name: "hooks-approval",
    });
    const unregisterSeal = coordinator.hooks.register(TOOL_PRE, seal, {
      priority: APPROVAL_SEAL_PRIORITY,
      name: "hooks-approval:seal",
    });
    return () => {
      unregister();
      unregisterSeal();
    };
  },
};
