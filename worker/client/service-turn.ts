/**
 * One turn as the client reads it: its events in order (typed by name), then its `result`, or
 * the `KernelError` of its `error` event. One reader drives it: the caller's `for await`, or the
 * client itself when only `result` is awaited.
 */
import type { EventSourceMessage } from "eventsource-parser";
import { KernelError, type KernelErrorData } from "../../src/errors.ts";
import type { LoggedMessage } from "./resumable-stream.ts";
import type { ServiceEvent, Turn, TurnResult } from "./types.ts";

/** The turn's final events. */
export function isTurnEnd(message: EventSourceMessage): boolean {
  return message.event === "result" || message.event === "error";
}

/** The `Turn` a prompt answers, over its resumable stream. */
export class ServiceTurn implements Turn {
  readonly idempotencyKey: string;
  readonly #result: Promise<TurnResult>;
  #turnId: string | undefined;
  #lastEventId = 0;
  #started = false;
  readonly #messages: () => AsyncGenerator<LoggedMessage>;
  readonly #onEvent: ((event: ServiceEvent) => void) | undefined;
  #settle!: { resolve: (result: TurnResult) => void; reject: (error: unknown) => void };

  constructor(
    idempotencyKey: string,
    messages: () => AsyncGenerator<LoggedMessage>,
    onEvent: ((event: ServiceEvent) => void) | undefined,
  ) {
    this.idempotencyKey = idempotencyKey;
    this.#messages = messages;
    this.#onEvent = onEvent;
    this.#result = new Promise<TurnResult>((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
    // A caller who only iterates need not await `result`: its failure is thrown by the loop already.
    this.#result.catch(() => undefined);
  }

  /** The answer; reading it starts the turn when nobody iterates it. */
  get result(): Promise<TurnResult> {
    if (!this.#started) void this.#drain();
    return this.#result;
  }

  get turnId(): string | undefined {
    return this.#turnId;
  }

  get lastEventId(): number {
    return this.#lastEventId;
  }

  [Symbol.asyncIterator](): AsyncIterator<ServiceEvent> {
    if (this.#started) throw new KernelError("invalid_argument", "A turn is read once: iterate it, or await result.");
    this.#started = true;
    return this.#events();
  }

  async #drain(): Promise<void> {
    this.#started = true;
    try {
      for await (const _event of this.#events()) {
        // #events hands each event to onEvent and settles the result.
      }
    } catch {
      // Already reported through `result`.
    }
  }

  async *#events(): AsyncGenerator<ServiceEvent> {
    let ended = false;
    try {
      for await (const message of this.#messages()) {
        this.#lastEventId = message.eventId;
        const data = JSON.parse(message.data) as Record<string, unknown>;
        if (message.event === "result") {
          ended = true;
          this.#settle.resolve({ response: String(data.response ?? ""), cancelled: data.cancelled === true });
          return;
        }
        if (message.event === "error") {
          ended = true;
          const error = KernelError.fromData(data as unknown as KernelErrorData);
          this.#settle.reject(error);
          throw error;
        }
        if (message.event === "turn:start" && typeof data.turn_id === "string") this.#turnId = data.turn_id;
        const event: ServiceEvent = { name: message.event ?? "message", data, id: message.eventId };
        this.#onEvent?.(event);
        yield event;
      }
      ended = true;
      this.#settle.reject(new KernelError("execution_failed", "The turn's stream ended without its result."));
    } catch (error) {
      ended = true;
      this.#settle.reject(error);
      throw error;
    } finally {
      if (!ended) this.#settle.reject(new KernelError("cancelled", "The turn's events were no longer read."));
    }
  }
}
