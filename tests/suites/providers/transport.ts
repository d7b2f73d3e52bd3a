/**
 * The seam between the provider suite and a runtime: something that replays a transcript of
 * exchanges and records what the provider sent. In node it is a real HTTP server on 127.0.0.1; in
 * workerd (which cannot listen) an injected `fetch` builds the same responses.
 */
import type { Exchange } from "../../fixtures/providers/exchange.ts";

/** A request as the replay server received it. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body parsed as JSON (or the raw text when it is not JSON). */
  readonly body: unknown;
}

/** A running replay. */
export interface Replay {
  /** Base URL to configure the provider with. */
  readonly baseUrl: string;
  /** A fetch to inject, when the runtime needs one (workerd); undefined means the global fetch. */
  readonly fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** What the provider sent, in order. */
  readonly requests: readonly RecordedRequest[];
  /** Resolves when the client has gone away from exchange `index` (its connection closed or body cancelled). */
  clientGone(index: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a replay of `exchanges`, served in order. */
export type Transport = (exchanges: readonly Exchange[]) => Promise<Replay>;

/** A promise with its resolver, for events the transport observes. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** The body as JSON when it parses, else the text. */
export function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The response body bytes of an exchange. */
export function responseText(exchange: Exchange): string {
  if (exchange.response.json !== undefined) return JSON.stringify(exchange.response.json);
  return exchange.response.body ?? "";
}
