/**
 * Token estimates that know what kind of text they measure. `characters / 4` is right for English
 * prose only: measured against a real tokenizer (o200k) it counts Japanese at 0.3×, Chinese at
 * 0.35×, base64 at 0.4× and JSON at 0.8× of the real number, so a CJK conversation overflows the
 * model's window before compaction starts. This estimate walks the text once, the way BPE
 * tokenizers split it before merging (words, digit groups, punctuation runs, CJK characters), and
 * charges each piece what such tokenizers charge on average. Against o200k it is within 15 % on
 * English, Chinese, Japanese, Korean, code, JSON and base64 (tests/unit/modules/token-estimate.test.ts);
 * the usage a provider reports calibrates it further (`token-calibration.ts`).
 */
import type { ContentBlock, Message, ToolSpec } from "../../models/index.ts";

/** Tokens of the framing of one message (role, separators), as chat formats charge it. */
export const MESSAGE_OVERHEAD_TOKENS = 4;
/** Tokens of the framing of a request (the reply's priming). */
export const REQUEST_OVERHEAD_TOKENS = 3;
/** What an image is charged: its real cost depends on its size, which the message does not say. */
export const IMAGE_TOKENS = 1600;

// Tokens per piece, fitted to o200k on the fixtures of tests/fixtures/tokens.
const LETTERS_PER_TOKEN = 10;
const DIGITS_PER_TOKEN = 3;
const PUNCTUATION_PER_CHARACTER = 0.3;
const RANDOM_PER_CHARACTER = 0.62;
const LONG_RUN_PER_CHARACTER = 0.4;
const HAN = 0.75;
const KANA = 0.75;
const HANGUL = 0.7;
const FULLWIDTH = 1;
const OTHER_LETTER = 0.3;
const ASTRAL = 1.5;

// ASCII character classes, looked up by code: the estimate runs over every message once, and over
// every shortened tool result, so it reads each character once with no closures or regexes.
const OTHER = 0;
const DIGIT = 1;
const UPPER = 2;
const LOWER = 3;
const BLANK = 4;
const NEWLINE = 5;
const PUNCTUATION = 6;
const CLASS = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  CLASS[code] =
    code >= 48 && code <= 57
      ? DIGIT
      : code >= 65 && code <= 90
        ? UPPER
        : code >= 97 && code <= 122
          ? LOWER
          : code === 32 || code === 9
            ? BLANK
            : code === 10 || code === 13
              ? NEWLINE
              : code > 32 && code < 127
                ? PUNCTUATION
                : OTHER;
}

const classOf = (code: number): number => (code < 128 ? CLASS[code]! : OTHER);
const isAlnumClass = (kind: number): boolean => kind === DIGIT || kind === UPPER || kind === LOWER;

/**
 * Tokens of an ASCII letter-and-digit run: digit groups of three; a run that changes between
 * digits, upper and lower case at random (base64, hex, ids) by its length; a natural word or an
 * identifier by its humps (`getMessagesForRequest` is four).
 */
function alnumRunTokens(text: string, start: number, end: number): number {
  const length = end - start;
  let digits = 0;
  let switches = 0;
  let humpTokens = 0;
  let humpStart = start;
  let previous = classOf(text.charCodeAt(start));
  if (previous === DIGIT) digits++;
  for (let index = start + 1; index < end; index++) {
    const kind = classOf(text.charCodeAt(index));
    if (kind === DIGIT) digits++;
    if (kind === previous) continue;
    switches++;
    // A hump ends before an upper-case letter after a lower-case one, at a digit/letter change,
    // and before the last capital of an acronym followed by a word (`HTMLParser`).
    const acronymEnd = previous === UPPER && kind === LOWER && index - humpStart > 1;
    const boundary = (previous === LOWER && kind === UPPER) || previous === DIGIT || kind === DIGIT;
    if (boundary || acronymEnd) {
      const humpEnd = acronymEnd ? index - 1 : index;
      humpTokens += humpCost(previous === DIGIT, humpEnd - humpStart);
      humpStart = humpEnd;
    }
    previous = kind;
  }
  if (digits === length) return Math.ceil(length / DIGITS_PER_TOKEN);
  if (length >= 8 && switches / length > 0.3) return length * RANDOM_PER_CHARACTER;
  if (digits === 0 && switches === 0 && length > 24) return length * LONG_RUN_PER_CHARACTER;
  return humpTokens + humpCost(previous === DIGIT, end - humpStart);
}

function humpCost(digits: boolean, length: number): number {
  return Math.ceil(length / (digits ? DIGITS_PER_TOKEN : LETTERS_PER_TOKEN));
}

/** Tokens of one non-ASCII code point, by script. */
function codePointTokens(codePoint: number): number {
  if (
    (codePoint >= 0x4e00 && codePoint <= 0x9fff) ||
    (codePoint >= 0x3400 && codePoint <= 0x4dbf) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3ffff)
  ) {
    return HAN;
  }
  if (codePoint >= 0x3040 && codePoint <= 0x30ff) return KANA;
  if (codePoint >= 0xac00 && codePoint <= 0xd7af) return HANGUL;
  if ((codePoint >= 0x3000 && codePoint <= 0x303f) || (codePoint >= 0xff00 && codePoint <= 0xffef)) return FULLWIDTH;
  return codePoint > 0xffff ? ASTRAL : OTHER_LETTER;
}

/**
 * The estimated tokens of a text.
 *
 * @example
 * estimateTextTokens("Hello, world!"); // 4
 */
export function estimateTextTokens(text: string): number {
  let tokens = 0;
  let index = 0;
  const length = text.length;
  while (index < length) {
    const code = text.charCodeAt(index);
    const kind = classOf(code);
    let end = index + 1;
    if (isAlnumClass(kind)) {
      while (end < length && isAlnumClass(classOf(text.charCodeAt(end)))) end++;
      tokens += alnumRunTokens(text, index, end);
    } else if (kind === BLANK) {
      while (end < length && classOf(text.charCodeAt(end)) === BLANK) end++;
      // One space joins the word or punctuation after it; indentation and a space before digits do not.
      if (end - index > 1 || (end < length && classOf(text.charCodeAt(end)) === DIGIT)) tokens += 1;
    } else if (kind === NEWLINE) {
      while (end < length && (classOf(text.charCodeAt(end)) === NEWLINE || classOf(text.charCodeAt(end)) === BLANK))
        end++;
      tokens += 1;
    } else if (kind === PUNCTUATION) {
      while (end < length && classOf(text.charCodeAt(end)) === PUNCTUATION) end++;
      tokens += Math.max(1, Math.ceil((end - index) * PUNCTUATION_PER_CHARACTER));
    } else if (code < 128) {
      tokens += 1;
    } else {
      const codePoint = text.codePointAt(index)!;
      if (codePoint > 0xffff) end++;
      tokens += codePointTokens(codePoint);
    }
    index = end;
  }
  return Math.ceil(tokens);
}

function jsonTokens(value: unknown): number {
  return estimateTextTokens(JSON.stringify(value) ?? "");
}

function blockTokens(block: ContentBlock): number {
  switch (block.type) {
    case "text":
      return estimateTextTokens(block.text);
    case "thinking":
      return estimateTextTokens(block.thinking);
    case "tool_call":
      return estimateTextTokens(block.id) + estimateTextTokens(block.name) + jsonTokens(block.input) + 3;
    case "tool_result": {
      const output = typeof block.output === "string" ? block.output : (JSON.stringify(block.output) ?? "");
      return estimateTextTokens(block.tool_call_id) + estimateTextTokens(output) + 3;
    }
    case "image":
      return IMAGE_TOKENS;
    case "reasoning":
      return jsonTokens(block.summary);
    default:
      // Opaque state (redacted thinking) is not read as text by the model.
      return 0;
  }
}

const cache = new WeakMap<object, number>();

/**
 * The estimated tokens of a message as a provider sends it: its text, tool calls (name, id and
 * arguments), tool results and images, plus the per-message framing. Stored-only fields
 * (metadata, timestamps) cost nothing. Frozen messages (the context's) are measured once.
 */
export function estimateMessageTokens(message: Message): number {
  const cached = cache.get(message);
  if (cached !== undefined) return cached;
  let tokens = MESSAGE_OVERHEAD_TOKENS;
  const callIds = new Set<string>();
  if (typeof message.content === "string") tokens += estimateTextTokens(message.content);
  else {
    for (const block of message.content) {
      tokens += blockTokens(block);
      if (block.type === "tool_call") callIds.add(block.id);
    }
  }
  for (const call of message.tool_calls ?? []) {
    if (callIds.has(call.id)) continue;
    tokens += estimateTextTokens(call.id) + estimateTextTokens(call.tool) + jsonTokens(call.arguments) + 3;
  }
  if (message.tool_call_id !== undefined) tokens += estimateTextTokens(message.tool_call_id);
  if (message.name !== undefined) tokens += estimateTextTokens(message.name);
  if (Object.isFrozen(message)) cache.set(message, tokens);
  return tokens;
}

/** The estimated tokens of a list of messages. */
export function estimateMessagesTokens(messages: readonly Message[]): number {
  let tokens = 0;
  for (const message of messages) tokens += estimateMessageTokens(message);
  return tokens;
}

/** The estimated tokens of a request's input: its messages, its tool definitions and the framing. */
export function estimateRequestTokens(request: {
  messages: readonly Message[];
  tools?: readonly ToolSpec[] | undefined;
}): number {
  let tokens = REQUEST_OVERHEAD_TOKENS + estimateMessagesTokens(request.messages);
  for (const tool of request.tools ?? []) {
    tokens +=
      estimateTextTokens(tool.name) + estimateTextTokens(tool.description ?? "") + jsonTokens(tool.parameters) + 8;
  }
  return tokens;
}
