/**
 * The working state of one compaction: which messages are still in the view, which were replaced
 * by a shorter form, and the running token total. Operations keep tool pairs atomic.
 */
import type { Message } from "../../models/index.ts";
import { estimateTokens, type MessageLog } from "./message-log.ts";

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

/** One compaction in progress over a MessageLog (which it never changes). */
export class CompactionState {
  readonly alive: Uint8Array;
  readonly replaced = new Map<number, Message>();
  readonly counts: CompactionCounts = { removed_messages: 0, truncated_tool_results: 0, stubbed_user_messages: 0 };
  /** Non-system messages in order. */
  readonly order: number[] = [];
  /** Tool messages in order. */
  readonly toolOrder: number[] = [];
  readonly lastUser: number;
  total: number;
  #tokens: Float64Array;

  constructor(
    readonly log: MessageLog,
    readonly settings: CompactionSettings,
    nonSystemTotal: number,
  ) {
    const size = log.length;
    this.alive = new Uint8Array(size).fill(1);
    this.#tokens = Float64Array.from(log.tokens);
    this.total = nonSystemTotal;
    let lastUser = -1;
    for (let index = 0; index < size; index++) {
      const role = log.messages[index]!.role;
      if (role === "system") continue;
      this.order.push(index);
      if (role === "tool") this.toolOrder.push(index);
      else if (role === "user") lastUser = index;
    }
    this.lastUser = lastUser;
  }

  /** The message as the view shows it now. */
  current(index: number): Message {
    return this.replaced.get(index) ?? this.log.messages[index]!;
  }

  #replace(index: number, message: Message): void {
    const tokens = estimateTokens(message);
    this.total += tokens - this.#tokens[index]!;
    this.#tokens[index] = tokens;
    this.replaced.set(index, message);
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
   * part of that unit is at or after `protectFrom`. Returns whether it removed anything.
   */
  removeUnit(index: number, protectFrom: number): boolean {
    const message = this.log.messages[index]!;
    if (message.role === "tool" && this.log.pairedAssistant[index]! >= 0) return false;
    const results = message.role === "assistant" ? this.log.results.get(index) : undefined;
    if (results?.some((result) => result >= protectFrom)) return false;
    this.#drop(index);
    for (const result of results ?? []) this.#drop(result);
    return true;
  }

  /** Replaces a tool result by its truncation notice when that is shorter. Returns whether it did. */
  truncateToolResult(index: number): boolean {
    const message = this.current(index);
    const text = textOf(message.content);
    if (text.startsWith("[truncated: ")) return false;
    const keep = this.settings.truncate_chars;
    const notice = `[truncated: ~${Math.ceil(text.length / 4)} tokens - call tool again if needed] ${text.slice(0, keep)}...`;
    if (notice.length >= text.length) return false;
    this.#replace(index, { ...message, content: notice });
    this.counts.truncated_tool_results++;
    return true;
  }

  /** Replaces a long user message by a short stub. Returns whether it did. */
  stubUserMessage(index: number): boolean {
    const message = this.current(index);
    const text = textOf(message.content);
    if (text.length <= 80 || text.startsWith("[User message compacted")) return false;
    this.#replace(index, { ...message, content: `[User message compacted - original: "${text.slice(0, 50)}..."]` });
    this.counts.stubbed_user_messages++;
    return true;
  }

  /** Drops a user message outright (only old, already stubbed or short ones are ever dropped). */
  dropUserMessage(index: number): void {
    this.#drop(index);
  }
}
