/**
 * Reads a Server-Sent Events body message by message (eventsource-parser), handing on the
 * server's `retry:` hint. A body that fails while it is read throws; one that ends returns.
 */
import { createParser, type EventSourceMessage } from "eventsource-parser";

/**
 * Yields every message of `body` in order; `onRetry` gets each `retry:` value (ms).
 *
 * @throws the signal's reason once `signal` aborts (a fetch given to the client may not stop its body itself).
 */
export async function* readServerSentEvents(
  body: ReadableStream<Uint8Array>,
  onRetry: (ms: number) => void,
  signal: AbortSignal | undefined,
): AsyncGenerator<EventSourceMessage> {
  const ready: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (message) => ready.push(message), onRetry });
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const onAbort = () => void reader.cancel(signal?.reason).catch(() => undefined);
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await reader.read();
      signal?.throwIfAborted();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
      while (ready.length > 0) yield ready.shift() as EventSourceMessage;
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    // The caller stopped early (a final event, a break) or the body failed: release the connection.
    await reader.cancel().catch(() => undefined);
  }
}
