/**
 * The types of `amplifier-edge/client`: what the Cloudflare service's HTTP API answers, as a page
 * or a Node script sees it. Kernel types are imported as types only: nothing of the kernel runs in
 * the client.
 */
import type { EventData } from "../../src/hooks/event-data.ts";
import type { Message } from "../../src/models/message.ts";
import type { MountPlanInput } from "../../src/plan/schema.ts";

export type { EventData, Message, MountPlanInput };

/** Waits `ms` milliseconds, or rejects when `signal` aborts (the client's clock, injectable). */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Where the service is and how to reach it. */
export interface ServiceClientOptions {
  /** The Worker's origin, e.g. `https://agents.example.workers.dev` or `http://127.0.0.1:8787`. */
  readonly url: string;
  /** The bearer token (`AMPLIFIER_EDGE_TOKEN`). */
  readonly token: string;
  /** Default the global fetch. */
  readonly fetch?: typeof fetch;
  /**
   * How many times in a row a lost stream is reconnected before the client gives up (default 5);
   * any event received starts the count again.
   */
  readonly maxReconnects?: number;
  /** Waits between reconnections (the stream's `retry:` hint, 1 s by default); default setTimeout. */
  readonly sleep?: Sleep;
}

/** One event of a session's stream: its name, its data (typed by name) and its id in the session's log. */
export interface ServiceEvent<E extends string = string> {
  readonly name: E;
  readonly data: EventData<E>;
  /** The event's id in the session (monotonic; what `Last-Event-ID` and `events({ after })` take). */
  readonly id: number;
}

/** How a turn ended. */
export interface TurnResult {
  readonly response: string;
  /** True when the turn was cancelled: `response` is what the orchestrator had. */
  readonly cancelled: boolean;
}

/**
 * A turn of the service: iterate it for its events (`for await`), or await `result`. A lost
 * connection is resumed where it broke (same idempotency key, `Last-Event-ID`): every event comes
 * once, in order. Iterate or read `result` once.
 */
export interface Turn extends AsyncIterable<ServiceEvent> {
  /**
   * The answer once the turn has ended.
   *
   * @throws KernelError with the turn's code (`provider_failed`, `turn_interrupted`, ...) when it failed.
   */
  readonly result: Promise<TurnResult>;
  /** The key that makes a retried POST join this turn. */
  readonly idempotencyKey: string;
  /** The turn's id, once its `turn:start` event has arrived. */
  readonly turnId: string | undefined;
  /** The id of the last event received (0 before the first). */
  readonly lastEventId: number;
}

/** Options of {@link ServiceClient.prompt}. */
export interface PromptOptions {
  /** The turn's idempotency key (default a random UUID): give your own to join a turn after a reload. */
  readonly idempotencyKey?: string;
  /** Each event of the turn, in order (also when the turn is only awaited). */
  readonly onEvent?: (event: ServiceEvent) => void;
  /** Stops reading (and reconnecting); the turn goes on on the server (`cancel()` stops it). */
  readonly signal?: AbortSignal;
}

/** Options of {@link ServiceClient.events}. */
export interface EventsOptions {
  /** Replay the events after this id (default: all the session still keeps). */
  readonly after?: number;
  readonly signal?: AbortSignal;
}

/** Options of the single-request calls. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

/** What `GET /v1/sessions/:id` answers. */
export interface ServiceSessionStatus {
  readonly session_id: string;
  readonly created_at: string;
  readonly message_count: number;
  readonly turns_queued: number;
  readonly pending_approvals: number;
  readonly last_event_id: number;
}

/** The service's API. Every call throws an `ApiError` (`status`, `code`, `issues`) when the service answers an error. */
export interface ServiceClient {
  /** `POST /v1/sessions`: resolves with the new session's id. */
  createSession(plan: string | MountPlanInput, options?: CallOptions): Promise<string>;
  /** `POST /v1/sessions/:id/prompt`: runs a turn (or joins the one its idempotency key names). */
  prompt(sessionId: string, prompt: string, options?: PromptOptions): Turn;
  /**
   * `GET /v1/sessions/:id/events`: the session's events after `after`, live until no turn is
   * queued or running; resumed like a turn when the connection drops.
   */
  events(sessionId: string, options?: EventsOptions): AsyncIterable<ServiceEvent>;
  /** `POST /v1/sessions/:id/approvals/:request_id`: answers an `approval:required` event; resolves with the option chosen. */
  answerApproval(sessionId: string, requestId: string, decision: string, options?: CallOptions): Promise<string>;
  /** `POST /v1/sessions/:id/cancel`: cancels the running turn at once. */
  cancel(sessionId: string, options?: CallOptions): Promise<void>;
  /** `GET /v1/sessions/:id/messages`: the stored history. */
  messages(sessionId: string, options?: CallOptions): Promise<Message[]>;
  /** `GET /v1/sessions/:id`: the session's counters. */
  status(sessionId: string, options?: CallOptions): Promise<ServiceSessionStatus>;
  /** `DELETE /v1/sessions/:id`: archives and deletes the session. */
  deleteSession(sessionId: string, options?: CallOptions): Promise<void>;
}
