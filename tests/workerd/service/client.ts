/**
 * Drives the default Worker's fetch handler in workerd with a test token, and reads event
 * streams event by event (eventsource-parser), so a test can act in the middle of a turn.
 */
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { EventSourceParserStream } from "eventsource-parser/stream";
import { expect } from "vitest";
import type { Message } from "../../../src/models/index.ts";
import worker from "../../../worker/cloudflare/index.ts";

/** The token the tests' env carries (the test env has no secret of its own). */
export const TOKEN = "service-test-token-0123456789";

/** The Worker's env with the test token, or with `overrides`. */
export function testEnv(overrides: Record<string, unknown> = {}): object {
  return { ...env, AMPLIFIER_EDGE_TOKEN: TOKEN, ...overrides };
}

/** Calls the Worker with `Authorization: Bearer TOKEN` unless headers say otherwise. */
export function call(path: string, init: RequestInit = {}, workerEnv: object = testEnv()): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has("authorization")) headers.set("authorization", `Bearer ${TOKEN}`);
  if (init.body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  return worker.fetch(
    new Request(`http://service.test${path}`, { ...init, headers }),
    workerEnv,
    createExecutionContext(),
  );
}

/** POSTs JSON. */
export function post(path: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return call(path, { ...init, method: "POST", body: JSON.stringify(body) });
}

/** A plan with loop-basic, context-simple, provider-mock (optionally scripted) and the calculator. */
export function mockPlan(script?: readonly unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    session: { orchestrator: "loop-basic", context: "context-simple" },
    providers: [{ module: "provider-mock", config: script === undefined ? {} : { script, when_exhausted: "error" } }],
    tools: [{ module: "tool-calculator" }],
    ...extra,
  };
}

/** Creates a session and returns its id. */
export async function createSession(plan: unknown = mockPlan()): Promise<string> {
  const response = await post("/v1/sessions", { plan });
  const body = (await response.json()) as { session_id?: string; error?: unknown };
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body.session_id ?? "";
}

/** The stored history. */
export async function messagesOf(sessionId: string): Promise<Message[]> {
  const response = await call(`/v1/sessions/${sessionId}/messages`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { messages: Message[] }).messages;
}

/** One event of a stream, its data parsed. */
export interface StreamEvent {
  readonly event: string;
  readonly data: Record<string, unknown>;
}

/** Reads an event stream one event at a time. */
export class EventReader {
  readonly #reader: ReadableStreamDefaultReader<{ event?: string | undefined; data: string; id?: string | undefined }>;
  readonly seen: StreamEvent[] = [];
  /** The id of each event seen, in order. */
  readonly ids: number[] = [];

  constructor(response: Response) {
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    if (response.body === null) throw new Error("the response has no body");
    this.#reader = response.body
      .pipeThrough(new TextDecoderStream())
      .pipeThrough(new EventSourceParserStream())
      .getReader();
  }

  /** The next event, or undefined at the end of the stream. */
  async next(): Promise<StreamEvent | undefined> {
    const { done, value } = await this.#reader.read();
    if (done) return undefined;
    const event = { event: value.event ?? "message", data: JSON.parse(value.data) as Record<string, unknown> };
    this.seen.push(event);
    this.ids.push(Number(value.id));
    return event;
  }

  /** Reads `count` events (fails if the stream ends first). */
  async take(count: number): Promise<StreamEvent[]> {
    const taken: StreamEvent[] = [];
    while (taken.length < count) {
      const event = await this.next();
      if (event === undefined) throw new Error(`the stream ended after ${taken.length} of ${count} events`);
      taken.push(event);
    }
    return taken;
  }

  /** Reads until an event named `name` (which it returns); fails at the end of the stream. */
  async until(name: string): Promise<StreamEvent> {
    for (let event = await this.next(); event !== undefined; event = await this.next()) {
      if (event.event === name) return event;
    }
    throw new Error(`the stream ended without ${name}; saw ${this.seen.map((event) => event.event).join(", ")}`);
  }

  /** Reads to the end and returns every event seen. */
  async rest(): Promise<StreamEvent[]> {
    while ((await this.next()) !== undefined) {}
    return this.seen;
  }

  /** Goes away in the middle of the stream, as a client that disconnects. */
  async disconnect(): Promise<void> {
    await this.#reader.cancel("client went away");
  }
}

/** Posts a prompt (with `headers`, e.g. an idempotency key) and returns a reader of its event stream. */
export async function prompt(sessionId: string, text: string, headers: HeadersInit = {}): Promise<EventReader> {
  const response = await post(`/v1/sessions/${sessionId}/prompt`, { prompt: text }, { headers });
  expect(response.status).toBe(200);
  return new EventReader(response);
}

/** The text of a message's content (a string, or text blocks). */
export const textOf = (content: unknown): string =>
  typeof content === "string"
    ? content
    : (content as { type: string; text?: string }[])
        .map((block) => (block.type === "text" ? (block.text ?? "") : ""))
        .join("");
