/**
 * Validation and encoding shared by every store: session ids, keys, messages (zod), JSON values,
 * ranges and the automatic title. Stores only ever see input that passed through here.
 */
import { describeError, type Issue, KernelError } from "../errors.ts";
import { issuesError, issuesFromZod } from "../issues.ts";
import { type Message, messageSchema } from "../models/index.ts";

/** A message ready to store: the normalized message and its JSON text. */
export interface EncodedMessage {
  readonly message: Message;
  readonly json: string;
  /** The title this message would give a session that has none yet (first user message). */
  readonly titleCandidate?: string;
}

/** A validated, closed range of sequence numbers. */
export interface SeqRange {
  readonly from: number;
  readonly to: number;
}

const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;
const SESSION_ID_RULE = "use 1-128 characters of A-Z a-z 0-9 . _ : @ -, starting with a letter or digit";
const MAX_KEY_LENGTH = 512;
const KEY_RULE = `use a non-empty string of at most ${MAX_KEY_LENGTH} characters`;
const TITLE_LENGTH = 80;

/**
 * Checks a session id.
 * @throws KernelError `invalid_argument` naming the id and the rule it breaks.
 */
export function checkSessionId(sessionId: unknown): string {
  if (typeof sessionId === "string" && SESSION_ID.test(sessionId)) return sessionId;
  throw new KernelError(
    "invalid_argument",
    `session id ${JSON.stringify(sessionId)} is not valid: ${SESSION_ID_RULE}`,
    { issues: [{ path: ["sessionId"], message: SESSION_ID_RULE, code: "invalid_format" }] },
  );
}

/**
 * Checks a key of the per-session key-value area.
 * @throws KernelError `invalid_argument`.
 */
export function checkValueKey(key: unknown): string {
  if (typeof key === "string" && key.length > 0 && key.length <= MAX_KEY_LENGTH) return key;
  throw new KernelError("invalid_argument", `value key ${JSON.stringify(key)} is not valid: ${KEY_RULE}`, {
    issues: [{ path: ["key"], message: KEY_RULE, code: "invalid_format" }],
  });
}

/** Checks a title: a string of at most 200 characters. */
export function checkTitle(title: unknown): string {
  if (typeof title === "string" && title.length <= 200) return title;
  throw new KernelError("invalid_argument", "title must be a string of at most 200 characters", {
    issues: [{ path: ["title"], message: "must be a string of at most 200 characters", code: "invalid_type" }],
  });
}

/**
 * Validates a message with the Message schema and encodes it as JSON.
 * @throws KernelError `invalid_message` listing every problem in `issues`, paths under `where`.
 */
export function encodeMessage(message: unknown, where: (string | number)[] = ["message"]): EncodedMessage {
  const parsed = messageSchema.safeParse(message);
  if (!parsed.success) throw issuesError("invalid_message", "Invalid message", issuesFromZod(parsed.error, where));
  const json = encodeJson(parsed.data, where, "invalid_message");
  const normalized = JSON.parse(json) as Message;
  const titleCandidate = normalized.role === "user" ? titleOf(normalized) : undefined;
  return titleCandidate === undefined ? { message: normalized, json } : { message: normalized, json, titleCandidate };
}

/**
 * Encodes a value of the key-value area as JSON.
 * @throws KernelError `invalid_argument` for values JSON cannot carry (undefined, cycles, BigInt).
 */
export function encodeValue(value: unknown): string {
  return encodeJson(value, ["value"], "invalid_argument");
}

/** Parses stored JSON text; corrupt text is a storage failure, not a caller mistake. */
export function decodeJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new KernelError("storage_failed", `${what} holds corrupt JSON`, { cause: error });
  }
}

/**
 * Turns `{ from, to }` into a closed range (open ends become 1 and +Infinity).
 * @throws KernelError `invalid_argument` when an end is not a positive integer.
 */
export function checkRange(options: { from?: number; to?: number } | undefined): SeqRange {
  const from = options?.from ?? 1;
  const to = options?.to ?? Number.POSITIVE_INFINITY;
  for (const [name, value] of [
    ["from", from],
    ["to", to],
  ] as const) {
    if (value !== Number.POSITIVE_INFINITY && (!Number.isSafeInteger(value) || value < 1)) {
      throw new KernelError("invalid_argument", `load: "${name}" must be a positive integer, got ${String(value)}`, {
        issues: [{ path: [name], message: "must be a positive integer", code: "invalid_type" }],
      });
    }
  }
  return { from, to };
}

/** The title a user message gives its session: its first text, whitespace collapsed, cut at 80 characters. */
export function titleOf(message: Message): string | undefined {
  const text =
    typeof message.content === "string"
      ? message.content
      : message.content.find((block) => block.type === "text" && typeof block.text === "string")?.text;
  if (typeof text !== "string") return undefined;
  const collapsed = text.replace(/\s+/g, " ").trim();
  if (collapsed.length === 0) return undefined;
  return collapsed.length <= TITLE_LENGTH ? collapsed : `${collapsed.slice(0, TITLE_LENGTH - 1)}…`;
}

function encodeJson(value: unknown, where: (string | number)[], code: "invalid_message" | "invalid_argument"): string {
  let json: string | undefined;
  let cause: unknown;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    cause = error;
  }
  if (json !== undefined) return json;
  const detail = cause === undefined ? `got ${typeof value}` : describeError(cause);
  const issue: Issue = { path: where, message: `cannot be stored as JSON (${detail})`, code: "invalid_type" };
  throw issuesError(code, code === "invalid_message" ? "Invalid message" : "Invalid value", [issue], { cause });
}
