/**
 * The app-layer systems the kernel asks for decisions and shows messages through, and a small
 * session-scoped "Allow always" cache that approval systems can wrap around a user prompt.
 */
import { KernelError } from "./errors.ts";

/** The default an approval falls back to on timeout. */
export type ApprovalDefault = "allow" | "deny";

/**
 * Who asks, and about what: the kernel passes it with every question it puts to the user, so an
 * approval UI can show the asker and a cache can tell two questions with the same words apart.
 */
export interface ApprovalAsker {
  /** The module (or kernel part) that asks: a sandboxed module's id, never a name it chose itself. */
  readonly source: string;
  /** The event the question is about (`tool:pre`, …). */
  readonly event?: string | undefined;
  /** The tool call the question is about, when there is one. */
  readonly tool_name?: string | undefined;
  readonly tool_call_id?: string | undefined;
}

/**
 * Asks a person to choose. Resolves with the chosen option; rejects with an `approval_timeout`
 * KernelError when nobody answered within `timeout` seconds. `asker` (an addition of this
 * kernel, optional so Amplifier-shaped systems keep working) says who asks.
 */
export interface ApprovalSystem {
  request_approval(
    prompt: string,
    options: readonly string[],
    timeout: number,
    default_: ApprovalDefault,
    asker?: ApprovalAsker,
  ): Promise<string>;
  /**
   * True when `request_approval` enforces `timeout` itself (it rejects with `approval_timeout` once
   * the time is up, after announcing the outcome). The kernel then waits for it instead of racing it
   * with a deadline of its own: two timers for one deadline would let the kernel go on with the
   * default before the system had said so. Leave it unset otherwise; the kernel's deadline then
   * keeps a system that never answers from hanging the turn.
   */
  readonly enforces_timeout?: boolean;
}

/**
 * The tool call an approval is about, from the data of the event whose hook asked (`tool:*`
 * events carry it): the fields an {@link ApprovalAsker} takes, so a UI can show the question on it.
 */
export function toolCallOfEvent(
  data: Readonly<Record<string, unknown>> | undefined,
): Pick<ApprovalAsker, "tool_name" | "tool_call_id"> {
  const toolCallId = data?.tool_call_id;
  const toolName = data?.tool_name;
  return {
    ...(typeof toolCallId === "string" ? { tool_call_id: toolCallId } : {}),
    ...(typeof toolName === "string" ? { tool_name: toolName } : {}),
  };
}

/** Message levels of the display system. */
export type DisplayLevel = "info" | "warning" | "error";

/** Shows a message to the user. */
export interface DisplaySystem {
  show_message(message: string, level: DisplayLevel, source: string): void | Promise<void>;
}

/** The option strings that grant approval (compared case-insensitively). */
export const ALLOW_DECISIONS: ReadonlySet<string> = new Set(["allow", "allow once", "allow always"]);

/** True when an approval decision grants the request (`Allow`, `Allow once`, `Allow always`). */
export function isAllowDecision(decision: string): boolean {
  return ALLOW_DECISIONS.has(decision.trim().toLowerCase());
}

/**
 * The option that answers a yes or no (as the AI SDK's approvals do): yes is the first allow
 * option other than `Allow always` (a yes is for this call only), no the first other option
 * (`Allow` / `Deny` when the request offers none).
 */
export function yesNoDecision(options: readonly string[], approved: boolean): string {
  if (!approved) return options.find((option) => !isAllowDecision(option)) ?? "Deny";
  const allow = options.filter((option) => isAllowDecision(option));
  return allow.find((option) => option.trim().toLowerCase() !== "allow always") ?? allow[0] ?? "Allow";
}

/** The error an approval system throws when nobody answered in time. */
export function approvalTimeoutError(prompt: string, timeout: number): KernelError {
  return new KernelError("approval_timeout", `No answer to "${prompt}" within ${timeout}s.`, {
    data: { prompt, timeout },
  });
}

/**
 * Wraps an approval system with a session-scoped cache: once the user answers "Allow always" to a
 * question, the same question from the same asker is answered "Allow always" without asking. A
 * question is its asker, event and tool with the prompt and options, never the words alone: a
 * module that copies another's wording gets nothing the other was granted.
 *
 * @example
 * const approval = withAllowAlwaysCache({ request_approval: (prompt, options) => askInPage(prompt, options) });
 */
export function withAllowAlwaysCache(inner: ApprovalSystem): ApprovalSystem & { clear(): void } {
  const remembered = new Set<string>();
  const keyOf = (prompt: string, options: readonly string[], context: ApprovalAsker | undefined) =>
    JSON.stringify([context?.source ?? null, context?.event ?? null, context?.tool_name ?? null, prompt, options]);
  return {
    async request_approval(prompt, options, timeout, default_, context) {
      const key = keyOf(prompt, options, context);
      if (remembered.has(key)) return "Allow always";
      const decision = await inner.request_approval(prompt, options, timeout, default_, context);
      if (decision.trim().toLowerCase() === "allow always") remembered.add(key);
      return decision;
    },
    clear() {
      remembered.clear();
    },
  };
}
