/**
 * The turns of one session object: queued one after another, logged event by event, joined by
 * their idempotency key, followed live by any number of streams, cancelled over the API, and
 * reported as interrupted when a previous instance of the object was reset in the middle of one.
 */
import { KernelError } from "../../src/errors.ts";
import { EventFeed, type EventFollower } from "./event-feed.ts";
import { sessionFollower, turnFollower } from "./event-streams.ts";
import { SseStream, toJsonLine } from "./sse.ts";
import { TurnLog, type TurnRecord, type TurnStatus } from "./turn-log.ts";
import { TurnQueue } from "./turn-queue.ts";

/** What a turn runs with: its prompt, its abort signal, and where its events go. */
export interface TurnContext {
  readonly turnId: string;
  readonly prompt: string;
  /** Aborted by `POST …/cancel` or `DELETE`. */
  readonly signal: AbortSignal;
  /** Logs and streams one kernel event of the turn. */
  emit(name: string, data: unknown): void;
  /** Logs and streams the turn's final event (`result` or `error`), with how it ended. */
  finish(status: Exclude<TurnStatus, "queued" | "running">, name: string, data: unknown): void;
}

/** Runs one turn until its final event (see `turn.ts`); never throws. */
export type TurnRunner = (turn: TurnContext) => Promise<void>;

/** Options of {@link SessionTurns}. */
export interface SessionTurnsOptions {
  /** The object's SQLite store. */
  readonly sql: SqlStorage;
  readonly maxQueuedPrompts: number;
  readonly retainedTurns: number;
  readonly heartbeatMs: number;
  readonly retryMs: number;
  readonly newId: () => string;
  readonly run: TurnRunner;
  /** Keeps the object alive until the promise settles (`ctx.waitUntil`). */
  readonly waitUntil: (promise: Promise<unknown>) => void;
}

/** How a prompt asks to be run, or joined. */
export interface PromptRequest {
  /** A retried POST with the same key joins the turn it started instead of starting another. */
  readonly idempotencyKey?: string | undefined;
  /** The last event id the client saw (`Last-Event-ID`): the stream resumes after it. */
  readonly after?: number | undefined;
}

/** What a queued or joined prompt answers: its turn, and a stream of its events. */
export interface JoinedTurn {
  readonly turn: TurnRecord;
  /** True when the prompt joined a turn an earlier POST started. */
  readonly joined: boolean;
}

/** The turns of one session. */
export class SessionTurns {
  readonly #options: SessionTurnsOptions;
  readonly #queue: TurnQueue;
  #feed: EventFeed | undefined;
  #current: AbortController | undefined;

  constructor(options: SessionTurnsOptions) {
    this.#options = options;
    this.#queue = new TurnQueue(options.maxQueuedPrompts);
  }

  /** Turns running or waiting in this instance. */
  get size(): number {
    return this.#queue.size;
  }

  /** The session's feed; on first use, turns a previous instance left unfinished are reported interrupted. */
  feed(): EventFeed {
    if (this.#feed === undefined) {
      const log = new TurnLog(this.#options.sql, { retainedTurns: this.#options.retainedTurns });
      log.interruptUnfinished();
      this.#feed = new EventFeed(log);
    }
    return this.#feed;
  }

  /**
   * The turn `idempotencyKey` names (checked against the prompt), or a new turn queued behind the
   * running one.
   *
   * @throws KernelError `idempotency_key_reused` (422) for a known key with another prompt;
   *   `session_busy` (409) when too many prompts wait.
   */
  async queue(prompt: string, request: PromptRequest): Promise<JoinedTurn> {
    const digest = await sha256Hex(prompt);
    // From here to the end nothing awaits: two POSTs with one key cannot both start a turn.
    const log = this.feed().log;
    const known = request.idempotencyKey === undefined ? undefined : log.turnByKey(request.idempotencyKey);
    if (known !== undefined) {
      if (known.promptDigest !== digest) {
        throw new KernelError(
          "idempotency_key_reused",
          `The idempotency key ${request.idempotencyKey} was used for another prompt in this session; send a new key with a new prompt.`,
        );
      }
      return { turn: known, joined: true };
    }
    if (!this.#queue.hasRoom) {
      throw new KernelError("session_busy", "Too many prompts are waiting in this session; retry later.");
    }
    const turnId = this.#options.newId();
    log.create(turnId, request.idempotencyKey, digest);
    const done = this.#queue.enqueue(() => this.#run(turnId, prompt));
    if (done !== undefined) this.#options.waitUntil(done);
    return { turn: log.turnByIdOrThrow(turnId), joined: false };
  }

  /** A stream of the events of `turnId` after `afterId`, live until the turn's final event. */
  turnStream(turnId: string, afterId: number): ReadableStream<Uint8Array> {
    const stream = this.#stream();
    this.follow(turnFollower(stream, turnId), afterId, turnId);
    if (stream.isOpen && this.#queue.size > 1 && this.feed().log.turnByIdOrThrow(turnId).status === "queued") {
      stream.comment("waiting for the turn before this one");
    }
    return stream.readable;
  }

  /**
   * The newest turn that has not ended, streamed from its start, with the approvals already
   * answered in it (a chat reconnecting to it replays it); undefined when every turn has ended.
   */
  unfinishedTurnStream(): { stream: ReadableStream<Uint8Array>; decided: string[] } | undefined {
    const log = this.feed().log;
    const turn = log.unfinishedTurn();
    if (turn === undefined) return undefined;
    // Read in the same synchronous step as the replay: no answer can fall between the two.
    const decided = log
      .eventsAfter(0, turn.turnId)
      .filter((event) => event.name === "approval:granted" || event.name === "approval:denied")
      .flatMap((event) => {
        const requestId = (JSON.parse(event.data) as { request_id?: unknown }).request_id;
        return typeof requestId === "string" ? [requestId] : [];
      });
    return { stream: this.turnStream(turn.turnId, 0), decided };
  }

  /**
   * A stream of the session's events after `afterId` (default: every event still kept), live until
   * no turn is queued or running.
   *
   * @throws KernelError `events_expired` (410) when events after `afterId` have expired; `invalid_argument`
   *   (400) for an id this session never gave.
   */
  sessionStream(after: number | undefined): ReadableStream<Uint8Array> {
    const log = this.feed().log;
    const expired = log.expiredThrough();
    const afterId = after ?? expired;
    if (afterId < expired) {
      throw new KernelError(
        "events_expired",
        `Events up to ${expired} have expired (a session keeps the events of its last ${this.#options.retainedTurns} turns); GET …/messages has the whole history.`,
      );
    }
    const last = log.lastEventId();
    if (afterId > last) {
      throw new KernelError("invalid_argument", `Event ${afterId} is ahead of this session's last event (${last}).`);
    }
    const stream = this.#stream();
    this.follow(sessionFollower(stream, log), afterId);
    if (stream.isOpen && log.unfinishedCount() === 0) stream.close();
    return stream.readable;
  }

  /** Replays the log after `afterId` to `follower`, then follows it live. */
  follow(follower: EventFollower, afterId: number, turnId?: string): void {
    this.feed().follow(follower, afterId, turnId);
  }

  /**
   * Cancels the running turn at once.
   *
   * @throws KernelError `no_turn_running` (409) when no turn runs.
   */
  cancel(reason: string): void {
    if (this.#current === undefined) throw new KernelError("no_turn_running", "No turn is running.");
    this.#current.abort(new KernelError("cancelled", reason));
  }

  /** Cancels the running turn, if any, and resolves once every queued turn has ended. */
  async stop(reason: string): Promise<void> {
    this.#current?.abort(new KernelError("cancelled", reason));
    await this.#queue.drained();
  }

  /** Forgets the feed (the object's storage was deleted). */
  reset(): void {
    this.#feed?.clear();
    this.#feed = undefined;
  }

  #stream(): SseStream {
    return new SseStream({ heartbeatMs: this.#options.heartbeatMs, retryMs: this.#options.retryMs });
  }

  async #run(turnId: string, prompt: string): Promise<void> {
    const feed = this.feed();
    const controller = new AbortController();
    this.#current = controller;
    feed.log.start(turnId);
    feed.append(turnId, "turn:start", JSON.stringify({ turn_id: turnId }));
    try {
      await this.#options.run({
        turnId,
        prompt,
        signal: controller.signal,
        emit: (name, data) => feed.append(turnId, name, toJsonLine(data)),
        finish: (status, name, data) => feed.finish(turnId, status, name, data),
      });
    } finally {
      this.#current = undefined;
    }
  }
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}
