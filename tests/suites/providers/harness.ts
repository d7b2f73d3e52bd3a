/** Helpers the provider suites share: an event recorder, a fake clock, and replay plumbing. */
import { expect } from "vitest";
import type { Exchange } from "../../fixtures/providers/exchange.ts";
import type { Replay, Transport } from "./transport.ts";

/** Records what a provider emits through `hooks.emit`. */
export class EventLog {
  readonly events: { event: string; data: Record<string, unknown> }[] = [];
  /** Called on each event, e.g. to cancel at a chosen moment. */
  onEvent: ((event: string, data: Record<string, unknown>) => void) | undefined;

  readonly emit = async (event: string, data: Record<string, unknown>): Promise<unknown> => {
    this.events.push({ event, data: structuredClone(data) });
    this.onEvent?.(event, data);
    return { action: "continue" };
  };

  /** The payloads of one event name. */
  of(event: string): Record<string, unknown>[] {
    return this.events.filter((entry) => entry.event === event).map((entry) => entry.data);
  }

  /** The event names in order. */
  names(): string[] {
    return this.events.map((entry) => entry.event);
  }
}

/** Injected time: sleeps are recorded and return at once (an aborted signal still rejects). */
export class FakeTime {
  readonly sleeps: number[] = [];
  #now = 1_000_000;

  readonly sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    this.sleeps.push(ms);
    if (signal?.aborted) throw signal.reason;
  };
  /** Each reading advances the clock by 5 ms, so durations are known. */
  readonly now = (): number => {
    this.#now += 5;
    return this.#now;
  };
  readonly random = (): number => 0.5;
}

/** Runs `body` with a replay of `exchanges`, closing it afterwards. */
export async function withReplay<T>(
  transport: Transport,
  exchanges: readonly Exchange[],
  body: (replay: Replay) => Promise<T>,
): Promise<T> {
  const replay = await transport(exchanges);
  try {
    return await body(replay);
  } finally {
    await replay.close();
  }
}

/** Asserts that the provider sent exactly what the transcript says, exchange by exchange. */
export function expectSent(replay: Replay, exchanges: readonly Exchange[]): void {
  expect(replay.requests.length, "number of requests sent").toBe(exchanges.length);
  exchanges.forEach((exchange, index) => {
    const sent = replay.requests[index]!;
    expect(sent.method, `request #${index} method`).toBe(exchange.request.method);
    expect(sent.path, `request #${index} path`).toBe(exchange.request.path);
    for (const [name, value] of Object.entries(exchange.request.headers ?? {})) {
      expect(sent.headers[name.toLowerCase()], `request #${index} header ${name}`).toBe(value);
    }
    if (exchange.request.body !== undefined) expect(sent.body, `request #${index} body`).toEqual(exchange.request.body);
  });
}

/** Drains a stream into an array. */
export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

/** Drains a stream, returning what arrived before it failed and the failure. */
export async function collectUntilError<T>(stream: AsyncIterable<T>): Promise<{ items: T[]; error: unknown }> {
  const items: T[] = [];
  try {
    for await (const item of stream) items.push(item);
  } catch (error) {
    return { items, error };
  }
  throw new Error(`the stream ended without an error after ${items.length} events`);
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
