/**
 * A session's events as they are logged, handed to whoever follows them live: the event streams
 * of `POST …/prompt`, `GET …/events` and the AI SDK's chat route. Following replays the log first,
 * then goes on live; both happen in one synchronous step (the log is SQL, which never awaits), so a
 * follower sees every event once, in order, whatever it joined in the middle of.
 */
import type { LoggedEvent, TurnLog, TurnStatus } from "./turn-log.ts";

/** Something that follows the feed: it takes events until it says it has had enough. */
export interface EventFollower {
  /** Takes one event; answers false once the follower wants no more (it is then dropped). */
  deliver(event: LoggedEvent): boolean;
  /** False once the follower's client has gone. */
  readonly isOpen: boolean;
}

/** The log of one session and its live followers. */
export class EventFeed {
  readonly log: TurnLog;
  readonly #followers = new Set<EventFollower>();

  constructor(log: TurnLog) {
    this.log = log;
  }

  /** Logs one event of `turnId` and hands it to every follower. */
  append(turnId: string, name: string, json: string): void {
    this.#publish(this.log.append(turnId, name, json));
  }

  /** Logs the final event of `turnId` with how the turn ended, and hands it on. */
  finish(turnId: string, status: Exclude<TurnStatus, "queued" | "running">, name: string, data: unknown): void {
    this.#publish(this.log.finish(turnId, status, name, data));
  }

  /** Replays the events after `afterId` (of one turn, or all), then follows the feed live. */
  follow(follower: EventFollower, afterId: number, turnId?: string): void {
    for (const event of this.log.eventsAfter(afterId, turnId)) {
      if (!follower.isOpen || !follower.deliver(event)) return;
    }
    if (follower.isOpen) this.#followers.add(follower);
  }

  /** Drops every follower (the session is being deleted); their streams are closed by their owners. */
  clear(): void {
    this.#followers.clear();
  }

  #publish(event: LoggedEvent): void {
    for (const follower of [...this.#followers]) {
      if (!follower.isOpen || !follower.deliver(event)) this.#followers.delete(follower);
    }
  }
}
