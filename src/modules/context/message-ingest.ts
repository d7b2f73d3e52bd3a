/**
 * How a message enters a compacting context: the shapes the original accepts are normalised
 * (`message-shapes.ts`), `add_message` stamps `metadata.timestamp` the way context-simple does, the
 * result is checked, copied through JSON (messages are JSON data), frozen and measured once.
 */
import { describeError } from "../../errors.ts";
import { type IssuePath, issuesError, parseOrThrow } from "../../issues.ts";
import { type Message, messageSchema } from "../../models/index.ts";
import { utcTimestamp } from "../../timestamps.ts";
import { estimateMessageTokens } from "../shared/token-estimate.ts";
import { deepFreeze } from "./message-log.ts";
import { normaliseMessageShape } from "./message-shapes.ts";

/** A checked private copy of a message and its token estimate. */
export interface IngestedMessage {
  readonly message: Message;
  readonly tokens: number;
}

function withTimestamp(message: unknown, now: Date): unknown {
  if (typeof message !== "object" || message === null || Array.isArray(message)) return message;
  const record = message as Record<string, unknown>;
  const metadata = record.metadata;
  if (metadata !== undefined && (typeof metadata !== "object" || metadata === null || Array.isArray(metadata))) {
    return message; // the schema reports the bad metadata
  }
  if (metadata !== undefined && "timestamp" in metadata) return message;
  return { ...record, metadata: { ...metadata, timestamp: utcTimestamp(now) } };
}

/**
 * Checks a message and makes a private, frozen copy of it, measured once with the script-aware
 * estimate. With `stampedAt`, `metadata.timestamp` is added when the message has none (what
 * `add_message` does; `set_messages` and stored history keep what they have).
 *
 * @throws KernelError `invalid_message` naming the path of each problem (all of them in `issues`).
 */
export function ingestMessage(message: unknown, where: IssuePath = ["message"], stampedAt?: Date): IngestedMessage {
  let copy = copyThroughJson(message, where);
  if (stampedAt !== undefined) copy = withTimestamp(copy, stampedAt);
  parseOrThrow(messageSchema, copy, { code: "invalid_message", subject: "Invalid message", prefix: where });
  const frozen = deepFreeze(copy as Message);
  return { message: frozen, tokens: estimateMessageTokens(frozen) };
}

/** A private copy through JSON in one of the shapes the original accepts, or the issue saying why not. */
function copyThroughJson(message: unknown, where: IssuePath): unknown {
  let text: string | undefined;
  let cause: unknown;
  try {
    text = JSON.stringify(message);
  } catch (error) {
    cause = error;
  }
  if (text === undefined) {
    const problem = cause === undefined ? "expected a message object" : `not JSON data (${describeError(cause)})`;
    throw issuesError("invalid_message", "Invalid message", [{ path: where, message: problem, code: "invalid_type" }], {
      cause,
    });
  }
  return normaliseMessageShape(JSON.parse(text));
}
