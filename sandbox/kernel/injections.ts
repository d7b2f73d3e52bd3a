/**
 * Bounds on what a sandboxed module writes into the conversation through `process_hook_result`:
 * a budget per minute (a module looping in the background wrote 72 MiB into the stored history),
 * and never between an assistant's tool calls and their results.
 */
import type { Message } from "../../src/models/index.ts";

/** Characters a module may inject into the stored conversation per minute. */
export const INJECTION_BUDGET_PER_MINUTE = 256 * 1024;

const WINDOW_MS = 60_000;

/** A module's injections in the last minute. */
export class InjectionBudget {
  readonly #spent: { at: number; size: number }[] = [];
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** True when `size` more characters fit in the last minute's budget. */
  allows(size: number): boolean {
    const now = this.#now();
    while (this.#spent.length > 0 && (this.#spent[0]?.at ?? now) <= now - WINDOW_MS) this.#spent.shift();
    const used = this.#spent.reduce((sum, entry) => sum + entry.size, 0);
    return used + size <= INJECTION_BUDGET_PER_MINUTE;
  }

  spend(size: number): void {
    this.#spent.push({ at: this.#now(), size });
  }
}

/** True when the history ends with an assistant's tool calls that do not all have results yet. */
export function hasOpenToolCalls(history: readonly Message[]): boolean {
  const answered = new Set<string>();
  for (let index = history.length - 1; index >= 0; index -= 1) {
    const message = history[index];
    if (!message) continue;
    if (message.role === "tool") {
      if (typeof message.tool_call_id === "string") answered.add(message.tool_call_id);
      continue;
    }
    if (message.role !== "assistant") return false;
    return (message.tool_calls ?? []).some((call) => !answered.has(call.id));
  }
  return false;
}
