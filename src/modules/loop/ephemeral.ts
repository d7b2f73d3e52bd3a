/**
 * Ephemeral injections: hook output that goes into the next request only and is never stored.
 * They are spliced into a copy of the request's messages; stored messages are never mutated.
 */
import type { HookResult, Message } from "../../models/index.ts";

/** One ephemeral injection waiting for the next request. */
export interface EphemeralInjection {
  readonly role: "system" | "user" | "assistant";
  readonly content: string;
  readonly append_to_last_tool_result: boolean;
}

/** The injection an ephemeral `inject_context` hook result asks for, if it is one. */
export function ephemeralInjectionOf(result: HookResult): EphemeralInjection | undefined {
  if (result.action !== "inject_context" || !result.ephemeral || !result.context_injection) return undefined;
  return {
    role: result.context_injection_role,
    content: result.context_injection,
    append_to_last_tool_result: result.append_to_last_tool_result,
  };
}

/** Injections queued by one iteration (tool:post) for the next one. */
export class InjectionQueue {
  #items: EphemeralInjection[] = [];

  /** Queues the injection of `result`, when it is an ephemeral one. */
  offer(result: HookResult): void {
    const injection = ephemeralInjectionOf(result);
    if (injection) this.#items.push(injection);
  }

  /** Takes every queued injection, oldest first. */
  drain(): EphemeralInjection[] {
    const items = this.#items;
    this.#items = [];
    return items;
  }
}

function appendToContent(content: Message["content"], text: string): Message["content"] {
  if (typeof content === "string") return `${content}\n\n${text}`;
  return [...content, { type: "text", text }];
}

/**
 * Returns `messages` with the injections applied, in order: an injection with
 * `append_to_last_tool_result` is appended (after a blank line) to the last message when that is
 * a tool result; any other becomes a new message at the end. The input array and its messages
 * are left untouched.
 */
export function spliceInjections(messages: readonly Message[], injections: readonly EphemeralInjection[]): Message[] {
  const out = [...messages];
  for (const injection of injections) {
    const last = out.at(-1);
    if (injection.append_to_last_tool_result && last?.role === "tool") {
      out[out.length - 1] = { ...last, content: appendToContent(last.content, injection.content) };
    } else {
      out.push({ role: injection.role, content: injection.content, metadata: { ephemeral: true, source: "hook" } });
    }
  }
  return out;
}
