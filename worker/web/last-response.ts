/**
 * What the provider last answered, for the page's "sent" and "received" view: the figures of
 * `provider:response` (usage, finish reason, model) joined with the assistant message the loop
 * stores right after it (its text and tool calls). Built from the event and the context's
 * `add_message`, so it works for any provider and any loop that emits the event, sandboxed or not.
 */
import type { ContextManager } from "../../src/contracts.ts";
import { PROVIDER_RESPONSE } from "../../src/hooks/events.ts";
import { blocksToText } from "../../src/models/content-block.ts";
import type { Message } from "../../src/models/index.ts";
import type { LastResponse } from "./client-types.ts";

/** Longest text kept; the page shows a check, not a copy of a long answer. */
const MAX_TEXT = 4000;
/** Longest JSON of one tool call's arguments kept. */
const MAX_ARGUMENTS = 1000;
/** Most tool calls kept. */
const MAX_CALLS = 20;

/** Keeps the last answer of a session's provider. */
export class LastResponseWatch {
  #last: LastResponse | undefined;
  /** Set by `provider:response` until the loop stores the assistant message it answered with. */
  #awaitingMessage = false;

  constructor(private readonly now: () => Date) {}

  /** The last answer, or undefined before the first. */
  get last(): LastResponse | undefined {
    return this.#last === undefined ? undefined : structuredClone(this.#last);
  }

  /** A new request left for the provider: the answer shown is always the one to the request shown. */
  requested(): void {
    this.#last = undefined;
    this.#awaitingMessage = false;
  }

  /** Called with every (JSON-safe) event of the session. */
  observe(name: string, data: Record<string, unknown>): void {
    if (name !== PROVIDER_RESPONSE) return;
    const figures: { -readonly [K in keyof LastResponse]?: LastResponse[K] } = {
      at: this.now().toISOString(),
      text: "",
      tool_calls: [],
    };
    if (typeof data.provider === "string") figures.provider = data.provider;
    if (typeof data.finish_reason === "string") figures.finish_reason = data.finish_reason;
    if (typeof data.response_model === "string") figures.model = data.response_model;
    if (typeof data.response_id === "string") figures.response_id = data.response_id;
    if (typeof data.usage === "object" && data.usage !== null) figures.usage = data.usage as Record<string, unknown>;
    this.#last = figures as LastResponse;
    this.#awaitingMessage = true;
  }

  /** Wraps `add_message` so the assistant message stored after an answer joins its figures. */
  watch(context: ContextManager): void {
    const original = context.add_message.bind(context);
    const watched = async (message: Message): Promise<void> => {
      if (this.#awaitingMessage && message.role === "assistant" && this.#last) {
        this.#awaitingMessage = false;
        this.#last = { ...this.#last, ...bounded(message) };
      }
      return original(message);
    };
    try {
      context.add_message = watched;
    } catch {
      // A frozen context still works; the page then sees the answer's figures without its text.
    }
  }
}

function bounded(message: Message): Pick<LastResponse, "text" | "tool_calls" | "truncated"> {
  const full = typeof message.content === "string" ? message.content : blocksToText(message.content);
  const calls = message.tool_calls ?? [];
  let truncated = full.length > MAX_TEXT || calls.length > MAX_CALLS;
  const tool_calls = calls.slice(0, MAX_CALLS).map((call) => {
    const json = JSON.stringify(call.arguments) ?? "{}";
    if (json.length > MAX_ARGUMENTS) truncated = true;
    return { id: call.id, tool: call.tool, arguments: cut(json, MAX_ARGUMENTS) };
  });
  return { text: cut(full, MAX_TEXT), tool_calls, ...(truncated ? { truncated } : {}) };
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
