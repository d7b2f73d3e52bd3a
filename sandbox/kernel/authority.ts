/**
 * What a sandboxed module may do to the session beyond its own mount, from its kind and its plan
 * grants, never from anything it says about itself:
 *
 * - **register hooks**: a hook module for any event (or those `permissions.hooks` names); any other
 *   kind only for the events `permissions.hooks` names;
 * - **read conversation content**: with `permissions.transcript`; without it, the payloads of the
 *   kernel's events it receives keep only metadata (ids, tool name, model, usage, error type), and
 *   it may not `modify` data it never saw (an application's custom events reach it whole);
 * - **write into the conversation** (`inject_context`): only in the roles `permissions.inject` lists,
 *   bounded in size;
 * - **show messages** (`user_message`): with `permissions.display`;
 * - **ask the user** (`ask_user`): with `permissions.approval`; the question names the module.
 *
 * A hook result is bounded here, on the kernel side, before the registry merges it with others:
 * what a grant does not allow is dropped (an unallowed `ask_user` becomes a deny: the hook wanted a
 * person to decide, so nothing proceeds without one) and reported as a policy violation.
 */
import { ALL_EVENTS, EDGE_EVENTS } from "../../src/hooks/events.ts";
import type { HookResult, ModuleType } from "../../src/models/index.ts";
import type { ResolvedPermissions } from "./capabilities/permissions.ts";
import type { PolicyViolation } from "./capabilities/violations.ts";

/** The largest context injection a sandboxed module may make, in characters. */
export const SANDBOXED_INJECTION_LIMIT = 64 * 1024;

/** Payload keys a hook sees without the transcript grant: who, what and how much, never content. */
const METADATA_KEYS: ReadonlySet<string> = new Set([
  "session_id",
  "parent_id",
  "timestamp",
  "tool_name",
  "tool_call_id",
  "parallel_group_id",
  "provider",
  "model",
  "status",
  "duration_ms",
  "usage",
  "iteration",
  "stop_reason",
  "finish_reason",
  "module",
  "orchestrator",
  "event",
  "count",
  "restart",
  "restarts_left",
  "reason",
]);

/**
 * The kernel's own events carry conversation content (prompts, tool input and results, model
 * output); an application's custom events carry what their emitter chose to share with hooks.
 */
const KERNEL_EVENTS: ReadonlySet<string> = new Set([...ALL_EVENTS, ...EDGE_EVENTS]);

/** True when `event` is one of the kernel's, whose content the transcript grant covers. */
function isKernelEvent(event: string): boolean {
  return KERNEL_EVENTS.has(event);
}

/** The marker a redacted payload carries: which keys were withheld. */
export const REDACTED_KEYS = "redacted_without_transcript";

/** What one sandboxed module may do, resolved from its kind and grants. */
export interface ModuleAuthority {
  readonly moduleId: string;
  readonly kind: ModuleType | undefined;
  readonly permissions: ResolvedPermissions;
}

/** True when `event` matches a pattern: exact, `prefix:*`, or `*`. */
function eventMatches(event: string, pattern: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith("*")) return event.startsWith(pattern.slice(0, -1));
  return event === pattern;
}

/** True when the module may register a hook handler for `event`. */
export function mayRegisterHook(authority: ModuleAuthority, event: string): boolean {
  const granted = authority.permissions.hooks;
  if (granted !== undefined) return granted.some((pattern) => eventMatches(event, pattern));
  return authority.kind === "hook";
}

/**
 * The payload a hook handler of this module receives: whole with the transcript grant, else only
 * its metadata keys (an error keeps its type and code, never its text).
 */
export function payloadFor(
  authority: ModuleAuthority,
  event: string,
  data: Record<string, unknown>,
): Record<string, unknown> {
  if (authority.permissions.transcript || !isKernelEvent(event)) return data;
  const kept: Record<string, unknown> = {};
  const withheld: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (METADATA_KEYS.has(key)) kept[key] = value;
    else if (key === "error" && value !== null && typeof value === "object") {
      const error = value as Record<string, unknown>;
      kept.error = { type: error.type ?? null, code: error.code ?? null };
    } else withheld.push(key);
  }
  if (withheld.length > 0) kept[REDACTED_KEYS] = withheld;
  return kept;
}

/** A result bounded to the module's grants, and what was refused. */
export interface BoundedResult {
  readonly result: HookResult;
  readonly refused: readonly Omit<PolicyViolation, "module">[];
}

/**
 * Bounds a hook result a sandboxed module returned (or made up for `process_hook_result`) to what
 * its grants allow, and stamps its identity on what a person will see.
 */
export function boundHookResult(authority: ModuleAuthority, input: HookResult, event: string): BoundedResult {
  const { permissions, moduleId } = authority;
  const refused: Omit<PolicyViolation, "module">[] = [];
  const refuse = (capability: PolicyViolation["capability"], action: string, reason: string, target = event) =>
    refused.push({ capability, action, target, reason });
  let result: HookResult = { ...input };
  if (result.action === "modify" && !permissions.transcript && isKernelEvent(event)) {
    refuse("transcript", "modify", "a hook without the transcript grant may not rewrite data it never saw");
    result = { ...result, action: "continue", data: undefined };
  }
  if (result.action === "inject_context" && result.context_injection !== undefined) {
    const role = result.context_injection_role;
    if (!permissions.inject.includes(role)) {
      // The role is the target, so a host that shows refusals can offer exactly that grant.
      refuse(
        "inject",
        "inject_context",
        `injections in the ${role} role on ${event} are not granted (permissions.inject)`,
        role,
      );
      result = { ...result, action: "continue", context_injection: undefined };
    } else if (result.context_injection.length > SANDBOXED_INJECTION_LIMIT) {
      refuse("inject", "inject_context", `an injection of more than ${SANDBOXED_INJECTION_LIMIT} characters`);
      result = { ...result, action: "continue", context_injection: undefined };
    }
  }
  if (result.user_message !== undefined) {
    if (!permissions.display) {
      refuse("display", "user_message", "showing messages to the user is not granted (permissions.display)");
      result = { ...result, user_message: undefined };
    } else {
      result = { ...result, user_message_source: moduleId };
    }
  }
  if (result.action === "ask_user") {
    if (!permissions.approval) {
      refuse("approval", "ask_user", "asking the user is not granted (permissions.approval)");
      result = { ...result, action: "deny", reason: `${moduleId} asked for an approval it may not ask for` };
    } else {
      const prompt = result.approval_prompt ?? "Allow this operation?";
      result = { ...result, approval_prompt: `[${moduleId}] ${prompt}`, approval_source: moduleId };
    }
  }
  return { result, refused };
}
