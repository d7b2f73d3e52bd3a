/**
 * A Server-Sent Events stream fed by the session's event feed. The writer never blocks and never
 * throws: once the client has gone (the stream was cancelled) writes are dropped, so a turn whose
 * client disconnected runs to its end undisturbed. Every stream opens with a `retry:` hint, and
 * every event carries its id in the session's log, so a client reconnects with `Last-Event-ID`.
 */

const encoder = new TextEncoder();

/** Response headers of an event stream. */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
};

/** Options of {@link SseStream}. */
export interface SseStreamOptions {
  /** A `: keep-alive` comment is sent this often while the stream is open (default 15 s; 0 turns it off). */
  readonly heartbeatMs?: number;
  /** The reconnection delay the stream advises (`retry:`), in ms (default 1 000). */
  readonly retryMs?: number;
  /** Called once when the client cancels the stream (disconnects). */
  readonly onCancel?: () => void;
}

/** One event stream: `send` events, then `close`. */
export class SseStream {
  readonly readable: ReadableStream<Uint8Array>;
  #controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  #open = true;
  #heartbeat: ReturnType<typeof setInterval> | undefined;

  constructor(options: SseStreamOptions = {}) {
    this.readable = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.#controller = controller;
      },
      cancel: () => {
        if (!this.#open) return;
        this.#stop();
        options.onCancel?.();
      },
    });
    this.#write(`retry: ${Math.max(0, Math.round(options.retryMs ?? 1_000))}\n\n`);
    const heartbeatMs = options.heartbeatMs ?? 15_000;
    if (heartbeatMs > 0) this.#heartbeat = setInterval(() => this.comment("keep-alive"), heartbeatMs);
  }

  /** False once the stream was closed or the client went away. */
  get isOpen(): boolean {
    return this.#open;
  }

  /** Sends one message: its `id` (an event's id in the session's log), `event: <name>` and `data: <one line>`. */
  send(message: { readonly id?: number; readonly event?: string; readonly data: string }): void {
    const id = message.id === undefined ? "" : `id: ${message.id}\n`;
    const event = message.event === undefined ? "" : `event: ${message.event.replace(/[\r\n]/g, " ")}\n`;
    this.#write(`${id}${event}data: ${message.data.replace(/[\r\n]/g, " ")}\n\n`);
  }

  /** Sends a comment line (ignored by clients; keeps proxies from timing the stream out). */
  comment(text: string): void {
    this.#write(`: ${text.replace(/[\r\n]/g, " ")}\n\n`);
  }

  /** Ends the stream (idempotent). */
  close(): void {
    if (!this.#open) return;
    this.#stop();
    try {
      this.#controller?.close();
    } catch {
      // Already closed by the runtime.
    }
  }

  #write(text: string): void {
    if (!this.#open) return;
    try {
      this.#controller?.enqueue(encoder.encode(text));
    } catch {
      this.#stop();
    }
  }

  #stop(): void {
    this.#open = false;
    if (this.#heartbeat !== undefined) clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }
}

/** JSON on one line; values JSON cannot hold (bigints, errors, cycles) become readable stand-ins. */
export function toJsonLine(data: unknown): string {
  try {
    return JSON.stringify(data ?? null, plainValue);
  } catch {
    // Only a cycle makes JSON.stringify throw here: retry, replacing every repeated object.
    const seen = new WeakSet<object>();
    return JSON.stringify(data ?? null, (key: string, value: unknown) => {
      const plain = plainValue(key, value);
      if (plain !== null && typeof plain === "object") {
        if (seen.has(plain)) return "[circular]";
        seen.add(plain);
      }
      return plain;
    });
  }
}

function plainValue(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (typeof value === "function" || typeof value === "symbol") return undefined;
  return value;
}
