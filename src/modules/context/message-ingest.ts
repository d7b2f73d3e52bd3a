/**
 * How a message enters a compacting context: the shapes the original accepts are normalised
 * (`message-shapes.ts`), `add_message` stamps `metadata.timestamp` the way context-simple does, the
 * result is checked, copied through JSON (messages are JSON data), frozen and measured once.
 */
import { KernelError } from "../../errors.ts";
import { type Message, messageSchema } from "../../models/index.ts";
import { utcTimestamp } from "../../timestamps.ts";
import { formatConfigPath } from "../shared/config.ts";
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
 * @throws KernelError `invalid_message` naming the path of the problem.
 */
export function ingestMessage(message: unknown, where = "message", stampedAt?: Date): IngestedMessage {
  let copy: unknown;
  try {
    const text = JSON.stringify(message);
    if (text === undefined) throw new KernelError("invalid_message", `${where}: expected a message object`);
    copy = normaliseMessageShape(JSON.parse(text));
  } catch (error) {
    if (KernelError.is(error)) throw error;
    throw new KernelError("invalid_message", `${where}: not JSON data (${String(error)})`);
  }
  if (stampedAt !== undefined) copy = withTimestamp(copy, stampedAt);
  const parsed = messageSchema.safeParse(copy);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = formatConfigPath(issue?.path ?? []).replace(/^config/, where);
    throw new KernelError("invalid_message", `${path}: ${issue?.message ?? "invalid message"}`, {
      data: { issues: parsed.error.issues.map((item) => ({ path: item.path, message: item.message })) },
    });
  }
  const frozen = deepFreeze(copy as Message);
  return { message: frozen, tokens: estimateMessageTokens(frozen) };
}
