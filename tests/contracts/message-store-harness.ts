/**
 * What a runtime gives the MessageStore contract suite: a way to open a fresh store, optionally a
 * second store over the same data (a reload, another tab, another isolate), and optionally a fault
 * injector in the store's handle (an IDBFactory, a KV namespace, Durable Object storage).
 */
import type { Message } from "../../src/models/index.ts";
import type { MessageStore, StoreOptions } from "../../src/storage/index.ts";

/** How an injected fault fails a write: as a full disk, or as an aborted transaction or connection. */
export type FaultKind = "quota" | "abort";

/** Fails writes at the handle level, where real failures happen. */
export interface FaultInjector {
  /** Fails the `nth` (1-based) write the store makes from now on, then stops failing. */
  failWrite(nth: number, kind: FaultKind): void;
  /** Whether the armed fault has fired since it was armed. */
  readonly fired: boolean;
  /** Disarms any pending fault. */
  reset(): void;
}

/** One store under test. */
export interface StoreHarness {
  readonly store: MessageStore;
  /** A new store over the same data, as after a reload; absent for stores without durable data. */
  readonly reopen?: (options?: StoreOptions) => Promise<MessageStore>;
  /** Present when the store's handle can fail on demand. */
  readonly faults?: FaultInjector;
  /** Releases what the harness opened (databases, names). */
  readonly dispose?: () => Promise<void>;
}

/** Opens a fresh, empty store with the given options. Each call must give an isolated store. */
export type OpenStore = (options: StoreOptions) => Promise<StoreHarness>;

/** A store implementation under test, and what it can do. */
export interface StoreSubject {
  readonly name: string;
  readonly open: OpenStore;
  /** Its data outlives the store object (`reopen` is present). */
  readonly durable: boolean;
  /** Two store instances may write one session at once (false for Workers KV: one writer). */
  readonly sharedWriters: boolean;
  /** Its handle can fail on demand (`faults` is present). */
  readonly faults: boolean;
}

/** A clock tests move by hand. */
export function manualClock(start = 1_700_000_000_000): { now: () => number; advance: (ms?: number) => number } {
  let time = start;
  return {
    now: () => time,
    advance: (ms = 1000) => {
      time += ms;
      return time;
    },
  };
}

/** Records store events. */
export function eventRecorder(): {
  onEvent: (event: string, data: Record<string, unknown>) => void;
  events: { event: string; data: Record<string, unknown> }[];
} {
  const events: { event: string; data: Record<string, unknown> }[] = [];
  return { events, onEvent: (event, data) => events.push({ event, data }) };
}

/** A few messages shaped the way Amplifier's loops store them. */
export const sample = {
  system: { role: "system", content: "You are helpful." } satisfies Message,
  user: (text: string): Message => ({ role: "user", content: text }),
  assistant: (text: string): Message => ({ role: "assistant", content: [{ type: "text", text }] }),
  toolCall: (ids: string[]): Message => ({
    role: "assistant",
    content: [{ type: "text", text: "Let me check." }],
    tool_calls: ids.map((id) => ({ id, tool: "calculator", arguments: { expression: "6*7" } })),
  }),
  toolResult: (id: string, content = "42"): Message => ({ role: "tool", tool_call_id: id, content }),
};

/** Loads just the messages. */
export async function messagesOf(store: MessageStore, sessionId: string): Promise<Message[]> {
  return (await store.load(sessionId)).map((record) => record.message);
}
