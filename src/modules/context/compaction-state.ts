/**
 * The working state of one compaction: which messages are still in the view, which get shorter
 * content, and the running token total. It allocates per changed message only: new contents are
 * measured without building the message, and messages are built for the final view alone.
 */
import type { Message } from "../../models/index.ts";
import type { MessageLog } from "./message-log.ts";

/** Tuning of a compaction. */
export interface CompactionSettings {
  readonly protected_recent: number;
  readonly protected_tool_results: number;
  readonly truncate_chars: number;
}

/** What one compaction did, by kind. */
export interface CompactionCounts {
  removed_messages: number;
  truncated_tool_results: number;
  stubbed_user_messages: number;
}

function textOf(content: Message["content"]): string {
  return typeof content === "string" ? content : JSON.stringify(content);
}

const TRUNCATED_PREFIX = "[truncated: ";
const STUB_PREFIX = "[User message compacted";

/** One compaction in progress over a MessageLog (which it never changes). */
export class CompactionState {
  readonly alive: Uint8Array;
  /** New content of messages that were shortened. */
  readonly replaced = new Map<number, string>();
  readonly counts: CompactionCounts = { removed_messages: 0, truncated_tool_results: 0, stubbed_user_messages: 0 };
  total: number;
  readonly #tokens: Float64Array;

  constructor(
    readonly log: MessageLog,
    readonly settings: CompactionSettings,
    nonSystemTotal: number,
  ) {
    this.alive = new Uint8Array(log.length).fill(1);
    this.#tokens = Float64Array.from(log.tokens);
    this.total = nonSystemTotal;
  }

  /** Non-system messages in order. */
  get order(): readonly number[] {
    return this.log.order;
  }
  /** Tool messages in order. */
  get toolOrder(): readonly number[] {
    return this.log.toolOrder;
  }
  get lastUser(): number {
    return this.log.lastUser;
  }

  /** The message as the view shows it (built here, for kept messages only). */
  current(index: number): Message {
    const original = this.log.messages[index]!;
    const content = this.replaced.get(index);
    return content === undefined ? original : { ...original, content };
  }

  #contentText(index: number): string {
    return this.replaced.get(index) ?? textOf(this.log.messages[index]!.content);
  }

  /** The estimate of a message's content, from the figures the log already has (no second pass over the text). */
  #contentTokens(index: number): number {
    return Math.max(0, this.log.tokens[index]! - this.log.shellTokens(index));
  }

  #replace(index: number, kind: string, make: () => string): void {
    const { content, tokens } = this.log.replacement(index, kind, make);
    this.total += tokens - this.#tokens[index]!;
    this.#tokens[index] = tokens;
    this.replaced.set(index, content);
  }

  #drop(index: number): void {
    if (this.alive[index] === 0) return;
    this.alive[index] = 0;
    this.total -= this.#tokens[index]!;
    this.counts.removed_messages++;
  }

  /**
   * Removes the message at `index` with everything it is paired with (an assistant message with
   * tool calls goes with all its results; a paired result is only removed with its call), unless
   * part of that unit is at or after `protectFrom` or a call has no result yet. Returns whether it
   * removed anything.
   */
  removeUnit(index: number, protectFrom: number): boolean {
    const message = this.log.messages[index]!;
    if (message.role === "tool" && this.log.pairedAssistant[index]! >= 0) return false;
    const results = message.role === "assistant" ? this.log.results.get(index) : undefined;
    if (results?.some((result) => result >= protectFrom)) return false;
    // A call still waiting for its result keeps its message (the original's rule): the result
    // that arrives later must find its call in the view.
    if (results && results.length < (message.tool_calls?.length ?? 0)) return false;
    this.#drop(index);
    if (results) for (const result of results) this.#drop(result);
    return true;
  }

  /** Replaces a tool result by its truncation notice when that is shorter. Returns whether it did. */
  truncateToolResult(index: number): boolean {
    const text = this.#contentText(index);
    if (text.startsWith(TRUNCATED_PREFIX)) return false;
    const keep = this.settings.truncate_chars;
    if (text.length <= keep + 80) return false;
    this.#replace(
      index,
      `truncated ${keep}`,
      () =>
        `${TRUNCATED_PREFIX}~${this.#contentTokens(index)} tokens - call tool again if needed] ${text.slice(0, keep)}...`,
    );
    this.counts.truncated_tool_results++;
    return true;
  }

  /** Replaces a long user message by a short stub. Returns whether it did. */
  stubUserMessage(index: number): boolean {
    const text = this.#contentText(index);
    if (text.length <= 80 || text.startsWith(STUB_PREFIX)) return false;
    const preview = () => text.slice(0, 50).replaceAll("\n", " ").trim();
    this.#replace(index, "stub", () => `${STUB_PREFIX} - original: "${preview()}..."]`);
    this.counts.stubbed_user_messages++;
    return true;
  }

  /** True when this compaction replaced the message by a user-message stub. */
  isStubbed(index: number): boolean {
    return this.replaced.get(index)?.startsWith(STUB_PREFIX) === true;
  }

  /** Drops a user message outright (only old stubs are ever dropped, at level 8). */
  dropUserMessage(index: number): void {
    this.#drop(index);
  }
}
