/**
 * What a request of the AI SDK's chat (`useChat`, `Chat`) asks of a session. The SDK sends the
 * whole conversation each time; the session keeps its own history, so only the end matters: a new
 * user message is a new turn, and an assistant message whose tool approvals were answered
 * continues the turn that asked them.
 */
import { formatIssuePath, type Issue, KernelError } from "../../src/errors.ts";

/** A message part as the SDK sends it (only the fields read here). */
export interface ChatMessagePart {
  readonly type: string;
  readonly text?: string | undefined;
  readonly state?: string | undefined;
  readonly approval?: { readonly id: string; readonly approved?: boolean | undefined } | undefined;
}

/** A UI message as the SDK sends it (only the fields read here). */
export interface ChatMessage {
  readonly id: string;
  readonly role: string;
  readonly parts: readonly ChatMessagePart[];
}

/** An answer the user gave to a tool approval (`addToolApprovalResponse`). */
export interface ApprovalAnswer {
  readonly approvalId: string;
  readonly approved: boolean;
}

/** The turn a chat request runs or continues. */
export interface ChatTurn {
  /** The text of the newest user message. */
  readonly prompt: string;
  /** The newest user message's id: the turn's idempotency key, so a retried request joins it. */
  readonly idempotencyKey: string;
  /** Approvals answered since the last request (empty for a new turn). */
  readonly answers: readonly ApprovalAnswer[];
}

/** Idempotency keys are 1–255 visible ASCII characters. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * The turn that `messages` (the SDK's `messages`, oldest first) asks for.
 *
 * @throws KernelError `invalid_argument` naming the path (`messages[3].parts`) when there is no
 *   user message, it has no text, its id cannot be a key, or an assistant message ends the list
 *   without an answered approval.
 */
export function chatTurnOf(messages: readonly ChatMessage[]): ChatTurn {
  const userIndex = messages.findLastIndex((message) => message.role === "user");
  const user = messages[userIndex];
  if (user === undefined) throw invalid(["messages"], "has no user message");
  const prompt = user.parts
    .filter((part) => part.type === "text")
    .map((part) => part.text ?? "")
    .join("\n");
  if (prompt.trim() === "") throw invalid(["messages", userIndex, "parts"], "has no text part");
  if (!KEY_PATTERN.test(user.id)) {
    throw invalid(["messages", userIndex, "id"], "must be 1-255 visible ASCII characters (it is the turn's key)");
  }
  const last = messages.at(-1);
  if (userIndex === messages.length - 1 || last === undefined) {
    return { prompt, idempotencyKey: user.id, answers: [] };
  }
  const answers = last.parts.flatMap((part) =>
    part.state === "approval-responded" && part.approval !== undefined
      ? [{ approvalId: part.approval.id, approved: part.approval.approved === true }]
      : [],
  );
  if (answers.length === 0) {
    throw invalid(
      ["messages", messages.length - 1],
      "ends the conversation without a new user message or an answered tool approval: nothing to run",
    );
  }
  return { prompt, idempotencyKey: user.id, answers };
}

function invalid(path: Issue["path"], problem: string): KernelError {
  return new KernelError("invalid_argument", `Invalid chat request: ${formatIssuePath(path)} ${problem}.`, {
    issues: [{ path, message: problem, code: "invalid_value" }],
  });
}
