/**
 * Sends a session's events to the page as they happen: one proxied call per microtask with every
 * event emitted in it, so a burst of stream deltas costs one message, and order is kept because
 * the batches go one after another on one port.
 */
import type { PageCallbacks, WireEvent } from "./protocol.ts";

/** Batches events per microtask and delivers them through the page's `events` callback. */
export class EventForwarder {
  #queue: WireEvent[] = [];
  #scheduled = false;
  #seq = 0;
  #delivered: Promise<void> = Promise.resolve();

  constructor(
    private readonly sessionId: string,
    private readonly page: () => PageCallbacks | undefined,
  ) {}

  /** Queues one event; it leaves with the others of this microtask. */
  push(name: string, data: Record<string, unknown>, turn: number | undefined): void {
    this.#seq++;
    this.#queue.push({ session_id: this.sessionId, name, data, seq: this.#seq, turn });
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => this.#send());
  }

  /** Resolves once every event pushed so far has reached the page (or failed to). */
  async flush(): Promise<void> {
    if (this.#scheduled) this.#send();
    await this.#delivered;
  }

  #send(): void {
    this.#scheduled = false;
    const batch = this.#queue;
    if (batch.length === 0) return;
    this.#queue = [];
    const page = this.page();
    if (page === undefined) return;
    // Each batch waits for the one before, so a slow page never sees events out of order.
    this.#delivered = this.#delivered.then(async () => {
      try {
        await page.events(batch);
      } catch {
        // A page that went away or a listener that threw must not fail the session.
      }
    });
  }
}
