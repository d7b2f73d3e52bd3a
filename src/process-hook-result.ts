/**
 * `coordinator.process_hook_result`: applies what a hook asked for. Injections are sanitized,
 * size-checked and stored; user messages go to the display system; `ask_user` goes to the
 * approval system, which fails closed (no system, unknown answers and timeouts deny by default).
 */
import {
  type ApprovalAsker,
  type ApprovalSystem,
  type DisplaySystem,
  isAllowDecision,
  toolCallOfEvent,
} from "./approval.ts";
import type { ContextManager } from "./contracts.ts";
import { describeError, KernelError } from "./errors.ts";
import { INVALID_RESPONSE_REASON } from "./hooks/registry.ts";
import { issuesFromZod, summarizeIssues } from "./issues.ts";
import {
  DEFAULT_APPROVAL_OPTIONS,
  DEFAULT_APPROVAL_PROMPT,
  type HookResult,
  hookResult,
  safeParseHookResult,
  sanitizeForLlm,
} from "./models/index.ts";
import { timerDelay } from "./timer-delay.ts";
import { utcTimestamp } from "./timestamps.ts";

/** A non-fatal condition the coordinator reports instead of logging. */
export interface CoordinatorWarning {
  code:
    | "injection_budget_exceeded"
    | "display_failed"
    | "no_display_system"
    | "contributor_failed"
    | "invalid_hook_result"
    | "config_ignored"
    | "risky_permissions"
    | "permissions_beyond_request"
    | "permissions_not_granted";
  message: string;
  data?: Record<string, unknown>;
}

/** What the processor needs from its coordinator. */
export interface HookResultHost {
  readonly context: ContextManager | undefined;
  readonly approval_system: ApprovalSystem | undefined;
  readonly display_system: DisplaySystem | undefined;
  readonly injection_size_limit: number | undefined;
  readonly injection_budget_per_turn: number | undefined;
  /** Tokens injected this turn; the processor adds to it. */
  injected_tokens_this_turn: number;
  now(): Date;
  warn(warning: CoordinatorWarning): void;
}

/**
 * Applies a hook result (see the module summary) and returns the result the caller acts on.
 * `data` is the event's data, when the caller has it: an approval then names its tool call.
 *
 * @throws KernelError `invalid_result` when an injection exceeds `injection_size_limit`; errors of the approval system other than `approval_timeout` propagate.
 */
export async function processHookResult(
  host: HookResultHost,
  input: unknown,
  event: string,
  hookName = "unknown",
  data?: Readonly<Record<string, unknown>>,
): Promise<HookResult> {
  const parsed = safeParseHookResult(input ?? {});
  if (!parsed.success) {
    const problems = summarizeIssues(issuesFromZod(parsed.error));
    host.warn({ code: "invalid_hook_result", message: `${hookName} on ${event}: ${problems}` });
    return hookResult({ action: "deny", reason: INVALID_RESPONSE_REASON });
  }
  let result = parsed.data;
  if (result.action === "inject_context" && result.context_injection) {
    result = await applyInjection(host, result, event, hookName);
  }
  if (result.user_message && result.action !== "ask_user") {
    await showUserMessage(host, result, hookName);
  }
  if (result.action === "ask_user") {
    return askUser(host, result, { source: askerOf(result, hookName), event, ...toolCallOfEvent(data) });
  }
  return result;
}

async function applyInjection(host: HookResultHost, result: HookResult, event: string, hookName: string) {
  const content = sanitizeForLlm(result.context_injection ?? "");
  const limit = host.injection_size_limit;
  if (limit !== undefined && content.length > limit) {
    throw new KernelError("invalid_result", `Context injection exceeds ${limit} characters`, {
      data: { limit, size: content.length, hook_name: hookName, event },
    });
  }
  const tokens = Math.floor(content.length / 4);
  const budget = host.injection_budget_per_turn;
  if (budget !== undefined && host.injected_tokens_this_turn + tokens > budget) {
    host.warn({
      code: "injection_budget_exceeded",
      message: `Hook injections this turn (~${host.injected_tokens_this_turn + tokens} tokens) exceed the budget of ${budget}.`,
      data: { budget, tokens: host.injected_tokens_this_turn + tokens, hook_name: hookName, event },
    });
  }
  host.injected_tokens_this_turn += tokens;
  if (!result.ephemeral && host.context && typeof host.context.add_message === "function") {
    await host.context.add_message({
      role: result.context_injection_role,
      content,
      metadata: { source: "hook", hook_name: hookName, event, timestamp: utcTimestamp(host.now()) },
    });
  }
  return { ...result, context_injection: content };
}

async function showUserMessage(host: HookResultHost, result: HookResult, hookName: string): Promise<void> {
  const message = result.user_message ?? "";
  const source = `hook:${result.user_message_source ?? hookName}`;
  if (!host.display_system) {
    host.warn({ code: "no_display_system", message: `No display system for "${message}" from ${source}.` });
    return;
  }
  try {
    await host.display_system.show_message(message, result.user_message_level, source);
  } catch (error) {
    host.warn({ code: "display_failed", message: `Display failed: ${describeError(error)}`, data: { source } });
  }
}

/** Who asks: the sandbox stamps a sandboxed hook's id on its results; otherwise the hook's name. */
function askerOf(result: HookResult, hookName: string): string {
  const stamped = (result as { approval_source?: unknown }).approval_source;
  return typeof stamped === "string" && stamped !== "" ? stamped : hookName;
}

async function askUser(host: HookResultHost, result: HookResult, context: ApprovalAsker): Promise<HookResult> {
  const prompt = result.approval_prompt ?? DEFAULT_APPROVAL_PROMPT;
  const options =
    result.approval_options && result.approval_options.length > 0 ? result.approval_options : DEFAULT_APPROVAL_OPTIONS;
  const approval = host.approval_system;
  if (!approval) return hookResult({ action: "deny", reason: "No approval system available" });
  const proceed = () =>
    hookResult(result.data === undefined ? { action: "continue" } : { action: "continue", data: result.data });
  let decision: string;
  try {
    decision = await requestWithDeadline(approval, prompt, options, result, context);
  } catch (error) {
    if (!KernelError.is(error, "approval_timeout")) throw error;
    if (result.approval_default === "allow") return proceed();
    return hookResult({ action: "deny", reason: `Approval timeout - denied by default: ${prompt}` });
  }
  // Only the allow answers proceed; anything else (including unknown strings) denies.
  if (typeof decision === "string" && isAllowDecision(decision)) return proceed();
  return hookResult({ action: "deny", reason: `User denied: ${prompt}` });
}

/**
 * Asks the approval system, and enforces the timeout itself as well (an approval UI that never
 * answers must not hang the turn), unless the system says it enforces the timeout.
 */
async function requestWithDeadline(
  approval: ApprovalSystem,
  prompt: string,
  options: readonly string[],
  result: HookResult,
  context: ApprovalAsker,
): Promise<string> {
  const timeoutSeconds = result.approval_timeout;
  if (approval.enforces_timeout === true)
    return approval.request_approval(prompt, [...options], timeoutSeconds, result.approval_default, context);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new KernelError("approval_timeout", `No answer to "${prompt}" within ${timeoutSeconds}s.`)),
      timerDelay(timeoutSeconds * 1000),
    );
  });
  try {
    return await Promise.race([
      approval.request_approval(prompt, [...options], timeoutSeconds, result.approval_default, context),
      deadline,
    ]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
