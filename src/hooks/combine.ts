/**
 * How the results of one emit combine (reference §4): deny > ask_user > merged injections >
 * continue with the (possibly modified) data.
 */
import { DEFAULT_APPROVAL_PROMPT, type HookResult, hookResult } from "../models/index.ts";

/** Longest preview of changed data shown in an approval prompt. */
const CHANGED_DATA_PREVIEW_CHARS = 600;
/** Fields every emit carries: they say nothing about what is being approved. */
const ENVELOPE_FIELDS: ReadonlySet<string> = new Set(["session_id", "parent_id", "timestamp"]);

/** Why an emit is denied when a hook changed the data after another asked the user to approve it. */
export const MODIFIED_AFTER_ASK_REASON =
  "A hook changed the event data after another hook asked the user to approve it; denied so that nothing runs unapproved.";

/** What an emit collected from its handlers (deny never gets here: it returns at once). */
export interface CollectedResults {
  data: Record<string, unknown>;
  modified: boolean;
  injections: HookResult[];
  askUser: HookResult | undefined;
  /** The first result that carried a user_message. */
  message: HookResult | undefined;
  /** True when a handler modified the data after another asked the user about it. */
  modifiedAfterAsk?: boolean;
}

/** Folds one handler result (never a deny) into what the emit collected. */
export function collectResult(collected: CollectedResults, result: HookResult): void {
  if (result.user_message && collected.message === undefined) collected.message = result;
  if (result.action === "modify" && result.data !== undefined) {
    collected.data = result.data;
    collected.modified = true;
    if (collected.askUser !== undefined) collected.modifiedAfterAsk = true;
  } else if (result.action === "inject_context" && result.context_injection) {
    collected.injections.push(result);
  } else if (result.action === "ask_user" && collected.askUser === undefined) {
    collected.askUser = result;
  }
}

/** The result an emit returns once every handler ran. */
export function combineResults(collected: CollectedResults): HookResult {
  // The original drops modified data from ask_user/inject results; carrying it keeps a
  // modification alive once the user approves or the injection is applied.
  const withData = (result: HookResult): HookResult =>
    collected.modified && result.data === undefined ? { ...result, data: collected.data } : result;
  // The user is asked about what the asking hook saw: a later rewrite would run under an approval
  // given for something else, so it fails closed.
  if (collected.modifiedAfterAsk) return hookResult({ action: "deny", reason: MODIFIED_AFTER_ASK_REASON });
  if (collected.askUser)
    return collected.modified ? askAboutChangedData(collected.askUser, collected.data) : collected.askUser;
  const combined =
    collected.injections.length > 0
      ? withData(mergeInjections(collected.injections))
      : hookResult({ action: "continue", data: collected.data });
  return carryUserMessage(combined, collected.message);
}

/**
 * An ask_user after a hook rewrote the data: what runs once the user approves is the rewrite (the
 * original drops it and runs what the model asked for), so the question shows it.
 */
function askAboutChangedData(ask: HookResult, changed: Record<string, unknown>): HookResult {
  const data = ask.data ?? changed;
  const shown = Object.fromEntries(Object.entries(data).filter(([key]) => !ENVELOPE_FIELDS.has(key)));
  const text = JSON.stringify(shown) ?? "{}";
  const preview = text.length > CHANGED_DATA_PREVIEW_CHARS ? `${text.slice(0, CHANGED_DATA_PREVIEW_CHARS)}…` : text;
  const prompt = ask.approval_prompt ?? DEFAULT_APPROVAL_PROMPT;
  return {
    ...ask,
    data,
    approval_prompt: `${prompt}\n\nA hook changed the request before this question; approving allows it as changed: ${preview}`,
  };
}

/**
 * The original also drops a user_message given with continue/modify, so the module guide's
 * timing hook never shows its message; it is carried to the result the caller processes.
 */
function carryUserMessage(result: HookResult, message: HookResult | undefined): HookResult {
  if (message === undefined || result.user_message) return result;
  return {
    ...result,
    user_message: message.user_message,
    user_message_level: message.user_message_level,
    ...(message.user_message_source === undefined ? {} : { user_message_source: message.user_message_source }),
  };
}

/** Merges several inject_context results: texts joined with blank lines, flags from the first, append ORed. */
export function mergeInjections(injections: readonly HookResult[]): HookResult {
  const [first] = injections;
  if (!first) return hookResult();
  if (injections.length === 1) return first;
  return {
    ...first,
    context_injection: injections.map((result) => result.context_injection).join("\n\n"),
    append_to_last_tool_result: injections.some((result) => result.append_to_last_tool_result),
  };
}
