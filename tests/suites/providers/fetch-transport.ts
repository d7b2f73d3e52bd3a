/**
 * A transport without sockets: an injected `fetch` that answers with Responses built from the
 * transcript. Bodies are streamed in small chunks that split SSE events and UTF-8 sequences, a cut
 * stream errors its body, a held stream stays open until the signal aborts or the reader cancels.
 */
import type { Exchange } from "../../fixtures/providers/exchange.ts";
import { deferred, parseBody, type RecordedRequest, type Replay, responseText, type Transport } from "./transport.ts";

const CHUNK_BYTES = 17;

/** The fetch-based transport (workerd, and node as a second check). */
export const fetchTransport: Transport = async (exchanges) => {
  const requests: RecordedRequest[] = [];
  const gone = exchanges.map(() => deferred());
  const baseUrl = "http://127.0.0.1:9";
  const fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const index = requests.length;
    const url = new URL(input);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const text = typeof init.body === "string" ? init.body : "";
    requests.push({ method: init.method ?? "GET", path: url.pathname + url.search, headers, body: parseBody(text) });
    const exchange = exchanges[index];
    if (!exchange) return new Response(`replay: no exchange #${index} for ${url.pathname}`, { status: 599 });
    const signal = init.signal ?? undefined;
    if (signal?.aborted) throw signal.reason;
    if (exchange.response.refuse) {
      gone[index]!.resolve();
      throw new TypeError("fetch failed: other side closed");
    }
    return new Response(bodyStream(exchange, signal, gone[index]!.resolve), {
      status: exchange.response.status,
      headers: { "content-type": "application/json", ...exchange.response.headers },
    });
  };
  const replay: Replay = {
    baseUrl,
    fetch,
    requests,
    clientGone: (index) => gone[index]?.promise ?? Promise.reject(new Error(`no exchange #${index}`)),
    close: async () => undefined,
  };
  return replay;
};

function bodyStream(
  exchange: Exchange,
  signal: AbortSignal | undefined,
  onGone: () => void,
): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(responseText(exchange));
  let offset = 0;
  let settled = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      signal?.addEventListener(
        "abort",
        () => {
          if (settled) return;
          settled = true;
          controller.error(signal.reason);
          onGone();
        },
        { once: true },
      );
    },
    pull(controller) {
      if (settled) return;
      if (offset < bytes.length) {
        controller.enqueue(bytes.slice(offset, offset + CHUNK_BYTES));
        offset += CHUNK_BYTES;
        return;
      }
      if (exchange.response.hold) return new Promise<void>(() => undefined);
      settled = true;
      if (exchange.response.cut) controller.error(new TypeError("terminated: other side closed"));
      else controller.close();
      onGone();
      return;
    },
    cancel() {
      settled = true;
      onGone();
    },
  });
}
