/**
 * The events of one turn kept in memory while it runs, so that every request of the AI SDK's chat
 * about it (the first, the one that answers an approval, a reconnect) reads it from its start and
 * then follows it live.
 */
import type { TurnEvent } from "./turn-translator.ts";

/** A turn's events so far, and whether it has ended. */
export class TurnRecord {
  /** The prompt the turn runs (a request for the same key and another prompt is refused). */
  readonly prompt: string;
  readonly #events: TurnEvent[] = [];
  readonly #followers = new Set<ReadableStreamDefaultController<TurnEvent>>();
  #ended = false;

  constructor(prompt: string) {
    this.prompt = prompt;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Adds an event; a `result` or `error` ends the turn (later events are dropped). */
  push(event: TurnEvent): void {
    if (this.#ended) return;
    this.#events.push(event);
    this.#ended = event.name === "result" || event.name === "error";
    for (const follower of this.#followers) {
      follower.enqueue(event);
      if (this.#ended) follower.close();
    }
    if (this.#ended) this.#followers.clear();
  }

  /** True once an event named `name` with `data[field] === value` was pushed. */
  has(name: string, field: string, value: unknown): boolean {
    return this.#events.some((event) => event.name === name && event.data[field] === value);
  }

  /** The approvals of the turn answered so far (their `approval:granted` / `approval:denied`). */
  answeredApprovals(): string[] {
    return this.#events.flatMap((event) =>
      (event.name === "approval:granted" || event.name === "approval:denied") &&
      typeof event.data.request_id === "string"
        ? [event.data.request_id]
        : [],
    );
  }

  /** Every event from the turn's start, then the new ones until it ends (or the reader cancels). */
  events(): ReadableStream<TurnEvent> {
    let self: ReadableStreamDefaultController<TurnEvent> | undefined;
    return new ReadableStream<TurnEvent>({
      start: (controller) => {
        for (const event of this.#events) controller.enqueue(event);
        if (this.#ended) controller.close();
        else {
          self = controller;
          this.#followers.add(controller);
        }
      },
      cancel: () => {
        if (self !== undefined) this.#followers.delete(self);
      },
    });
  }
}
