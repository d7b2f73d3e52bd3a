/**
 * The two event streams of the API, as followers of a session's feed: one turn's events
 * (`POST …/prompt`), which ends after that turn's `result` or `error`, and the session's events
 * (`GET …/events`), which ends once no turn is queued or running.
 */
import type { EventFollower } from "./event-feed.ts";
import type { SseStream } from "./sse.ts";
import { FINAL_EVENTS, type LoggedEvent, type TurnLog } from "./turn-log.ts";

/** Writes one logged event as an SSE message with its id. */
function write(stream: SseStream, event: LoggedEvent): void {
  stream.send({ id: event.id, event: event.name, data: event.data });
}

/** Follows the events of `turnId` into `stream`, and closes it after the turn's final event. */
export function turnFollower(stream: SseStream, turnId: string): EventFollower {
  return {
    get isOpen() {
      return stream.isOpen;
    },
    deliver(event) {
      if (event.turnId !== turnId) return true;
      write(stream, event);
      if (!FINAL_EVENTS.has(event.name)) return true;
      stream.close();
      return false;
    },
  };
}

/**
 * Follows every event of the session into `stream`; closes it once it has delivered the log's
 * newest event, the end of a turn, and no turn is queued or running. (A session idle from the
 * start is closed by the caller once the replay is done.)
 */
export function sessionFollower(stream: SseStream, log: TurnLog): EventFollower {
  return {
    get isOpen() {
      return stream.isOpen;
    },
    deliver(event) {
      write(stream, event);
      if (!FINAL_EVENTS.has(event.name) || event.id < log.lastEventId() || log.unfinishedCount() > 0) return true;
      stream.close();
      return false;
    },
  };
}
