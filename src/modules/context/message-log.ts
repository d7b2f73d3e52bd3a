/**
 * The in-memory form of a conversation that compaction works on: frozen messages with their token
 * estimates, tool pairings and running totals, all maintained as messages are appended, so a
 * request never re-measures or re-pairs the whole history.
 */
import type { Message } from "../../models/index.ts";
import { estimateMessageTokens, estimateTextTokens } from "../shared/token-estimate.ts";

/** Freezes a value and everything in it, so that a view shared with callers cannot change history. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** Messages plus what compaction needs to know about them. */
export class MessageLog {
  readonly messages: Message[] = [];
  readonly tokens: number[] = [];
  /** For a tool message answering a known call: the index of that assistant message; else -1. */
  readonly pairedAssistant: number[] = [];
  /** For an assistant message with tool calls: the indexes of its results seen so far. */
  readonly results = new Map<number, number[]>();
  readonly systemIndexes: number[] = [];
  /** Indexes of the non-system messages, in order. */
  readonly order: number[] = [];
  /** Indexes of the tool messages, in order. */
  readonly toolOrder: number[] = [];
  /** Index of the first user message (the original task), or -1. */
  firstUser = -1;
  /** Index of the last user message, or -1. */
  lastUser = -1;
  /** Estimated tokens of each message without its content (computed when first needed; -1 before). */
  readonly #shellTokens: number[] = [];
  #callOwner = new Map<string, number>();
  /** Shortened contents made by compaction, with their estimates, by `kind index`. */
  readonly #replacements = new Map<string, { content: string; tokens: number }>();
  #total = 0;
  #systemTokens = 0;
  #version = 0;

  /** A log of messages that were already copied and measured (see `ingestMessage`). */
  static from(entries: ReadonlyArray<{ message: Message; tokens: number }>): MessageLog {
    const log = new MessageLog();
    for (const entry of entries) log.append(entry);
    return log;
  }

  /** Sum of the token estimates of every message. */
  get total(): number {
    return this.#total;
  }
  /** Sum of the token estimates of the system messages. */
  get systemTokens(): number {
    return this.#systemTokens;
  }
  /** Changes on every append: a cache key for views. */
  get version(): number {
    return this.#version;
  }
  get length(): number {
    return this.messages.length;
  }

  /** Appends a message with its token estimate (the message is frozen in place: pass a copy you own). */
  append(entry: { message: Message; tokens: number }): void {
    const index = this.messages.length;
    const frozen = deepFreeze(entry.message);
    const tokens = entry.tokens;
    this.messages.push(frozen);
    this.tokens.push(tokens);
    this.#total += tokens;
    this.#version++;
    let paired = -1;
    this.#shellTokens.push(-1);
    if (frozen.role === "system") {
      this.systemIndexes.push(index);
      this.#systemTokens += tokens;
    } else {
      this.order.push(index);
      if (frozen.role === "user") {
        if (this.firstUser < 0) this.firstUser = index;
        this.lastUser = index;
      } else if (frozen.role === "tool") this.toolOrder.push(index);
    }
    if (frozen.role === "assistant" && frozen.tool_calls && frozen.tool_calls.length > 0) {
      this.results.set(index, []);
      for (const call of frozen.tool_calls) this.#callOwner.set(call.id, index);
    } else if (frozen.role === "tool" && frozen.tool_call_id !== undefined) {
      const owner = this.#callOwner.get(frozen.tool_call_id);
      if (owner !== undefined) {
        paired = owner;
        this.results.get(owner)?.push(index);
      }
    }
    this.pairedAssistant.push(paired);
  }

  /**
   * A shortened content of message `index` (a truncation notice, a stub) and the estimate of the
   * message with it, made once: every request of a long conversation asks for the same ones, and
   * a message never changes once appended.
   */
  replacement(index: number, kind: string, make: () => string): { content: string; tokens: number } {
    const key = `${kind} ${index}`;
    let entry = this.#replacements.get(key);
    if (!entry) {
      const content = make();
      entry = { content, tokens: this.shellTokens(index) + estimateTextTokens(content) };
      this.#replacements.set(key, entry);
    }
    return entry;
  }

  /**
   * The estimated tokens of message `index` without its content: with it, the estimate of a copy
   * with shorter content costs a look at the new content only.
   */
  shellTokens(index: number): number {
    let tokens = this.#shellTokens[index]!;
    if (tokens < 0) {
      tokens = estimateMessageTokens({ ...this.messages[index]!, content: "" });
      this.#shellTokens[index] = tokens;
    }
    return tokens;
  }
}
