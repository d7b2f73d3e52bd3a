/**
 * An event stream of the service that survives a lost connection: when the stream fails or ends
 * before it should, the client waits the server's `retry:` hint and asks again with the last event
 * id it saw (`Last-Event-ID`), so it receives every event once, in order. Error answers of the
 * service (4xx) are not retried: they would answer the same again.
 */
import type { EventSourceMessage } from "eventsource-parser";
import { describeError, KernelError } from "../../src/errors.ts";
import { ApiError } from "../cloudflare/http-error.ts";
import { readServerSentEvents } from "./sse-reader.ts";
import type { Sleep } from "./types.ts";

/** A message of the stream with its id in the session's log. */
export interface LoggedMessage extends EventSourceMessage {
  readonly eventId: number;
}

/** How one resumable stream is opened and when it is over. */
export interface ResumableStreamOptions {
  /** Opens the stream after `lastEventId` (undefined on the first attempt when none is known). */
  readonly open: (lastEventId: number | undefined, signal: AbortSignal | undefined) => Promise<Response>;
  /** The first attempt's response, when the request was sent before anyone read the stream. */
  readonly first?: Promise<Response> | undefined;
  /** True for the message after which the stream is complete (a turn's `result` or `error`). */
  readonly isLast: (message: EventSourceMessage) => boolean;
  /** True when the server ending the stream means it is complete (the session's events); else it was cut. */
  readonly endIsComplete: boolean;
  readonly after: number | undefined;
  readonly maxReconnects: number;
  readonly sleep: Sleep;
  readonly signal: AbortSignal | undefined;
  /** What the stream is, for the error when it cannot be resumed. */
  readonly what: string;
}

/** The stream's messages, across as many connections as it takes. */
export async function* resumableStream(options: ResumableStreamOptions): AsyncGenerator<LoggedMessage> {
  let lastEventId = options.after;
  let retryMs = 1_000;
  let failures = 0;
  let lastFailure: unknown;
  let first = options.first;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      const response = await (first ?? options.open(lastEventId, options.signal));
      first = undefined;
      if (response.body === null) throw new KernelError("internal", "the service answered without a stream");
      const onRetry = (ms: number) => {
        retryMs = ms;
      };
      for await (const message of readServerSentEvents(response.body, onRetry, options.signal)) {
        const eventId = Number(message.id);
        if (message.id !== undefined && Number.isSafeInteger(eventId)) lastEventId = eventId;
        failures = 0;
        yield { ...message, eventId };
        if (options.isLast(message)) return;
      }
      if (options.endIsComplete) return;
      lastFailure = new Error("the stream ended before its last event");
    } catch (error) {
      first = undefined;
      options.signal?.throwIfAborted();
      if (error instanceof ApiError && error.status < 500) throw error;
      lastFailure = error;
    }
    failures++;
    if (failures > options.maxReconnects) {
      throw new KernelError(
        "execution_failed",
        `Lost ${options.what} and could not resume it after ${options.maxReconnects} attempts: ${describeError(lastFailure)}`,
        { cause: lastFailure },
      );
    }
    await options.sleep(retryMs, options.signal);
  }
}

/** The default clock: setTimeout, cut short by an abort. */
export const sleepWithTimers: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
