/**
 * Server-Sent Events over a fetch body, parsed with `eventsource-parser`. Aborting the signal cancels
 * the body reader, which is what closes the HTTP stream (or the Workers AI binding's stream).
 */
import { createParser, type EventSourceMessage } from "eventsource-parser";
import { describeError, type Issue } from "../../errors.ts";
import { llmError } from "../../models/llm-error.ts";
import { cancelledError } from "./abort.ts";

export type { EventSourceMessage } from "eventsource-parser";

const BARE_DONE: EventSourceMessage = Object.freeze({ data: "[DONE]", event: undefined, id: undefined });

/** Who is reading, for error messages. */
export interface SseContext {
  readonly provider: string;
  readonly model?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  /** The provider's id of the request (response headers), kept on errors raised mid-stream. */
  readonly request_id?: string | undefined;
}

/**
 * Yields the events of an SSE body in order. Ends when the body ends; the caller decides whether the
 * stream was complete (each API has its own terminal event).
 *
 * @throws KernelError `cancelled` when the signal aborts; `provider_failed` kind `stream` when the
 * body fails mid-way (a cut connection).
 */
export async function* readServerSentEvents(
  body: ReadableStream<Uint8Array>,
  context: SseContext,
): AsyncGenerator<EventSourceMessage, void, undefined> {
  const { signal } = context;
  if (signal?.aborted) {
    await body.cancel(signal.reason).catch(() => undefined);
    throw cancelledError(signal);
  }
  const reader = body.getReader();
  const pending: EventSourceMessage[] = [];
  const parser = createParser({
    onEvent: (event) => pending.push(event),
    // Workers AI ends some streams with a bare `[DONE]` line instead of `data: [DONE]`.
    onError: (error) => {
      if (error.type === "unknown-field" && error.field?.trim() === "[DONE]") pending.push(BARE_DONE);
    },
  });
  const decoder = new TextDecoder();
  const onAbort = (): void => {
    reader.cancel(signal?.reason).catch(() => undefined);
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  let finished = false;
  try {
    while (true) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (signal?.aborted) throw cancelledError(signal);
        throw streamCut(context, error);
      }
      if (signal?.aborted) throw cancelledError(signal);
      if (chunk.done) {
        parser.feed(decoder.decode());
        parser.reset({ consume: true });
        yield* pending.splice(0);
        finished = true;
        return;
      }
      parser.feed(decoder.decode(chunk.value, { stream: true }));
      while (pending.length > 0) {
        yield pending.shift()!;
        if (signal?.aborted) throw cancelledError(signal);
      }
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    // A consumer that stops early (break, throw, abort) must not leave the connection open.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

function streamCut(context: SseContext, cause: unknown): Error {
  const detail = describeError(cause);
  return llmError("stream", `${context.provider}: the response stream broke off: ${detail}`, {
    ...who(context),
    cause,
  });
}

/** The error for a stream that ended without its terminal event. */
export function streamEndedEarly(context: SseContext, expected: string): Error {
  return llmError(
    "stream",
    `${context.provider}: the response stream ended before ${expected}; the answer is incomplete.`,
    who(context),
  );
}

/** Parses the JSON `data` of an SSE event; malformed data is a non-retryable `stream` error. */
export function parseEventData(event: EventSourceMessage, context: SseContext): unknown {
  try {
    return JSON.parse(event.data);
  } catch (error) {
    const name = event.event ? ` "${event.event}"` : "";
    return throwMalformed(context, `malformed stream event${name}: ${event.data.slice(0, 200)}`, { cause: error });
  }
}

/** Why a response is malformed: what it failed with, and what was wrong with its shape. */
export interface MalformedDetails {
  readonly cause?: unknown;
  /** The problems of a value that failed its schema (`issuesFromZod`). */
  readonly issues?: readonly Issue[];
}

/** Throws the `stream` error for an event or a body that does not have the shape the API documents. */
export function throwMalformed(context: SseContext, detail: string, details: MalformedDetails = {}): never {
  throw llmError("stream", `${context.provider}: ${detail}`, {
    ...who(context),
    retryable: false,
    ...(details.cause === undefined ? {} : { cause: details.cause }),
    ...(details.issues === undefined ? {} : { issues: details.issues }),
  });
}

function who(context: SseContext): { provider: string; model?: string; request_id?: string } {
  return {
    provider: context.provider,
    ...(context.model === undefined ? {} : { model: context.model }),
    ...(context.request_id === undefined ? {} : { request_id: context.request_id }),
  };
}
