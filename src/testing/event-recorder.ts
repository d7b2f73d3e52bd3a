/** Records hook events, as a handler or attached to a registry. */
import type { HookRegistryContract } from "../contracts.ts";
import { cloneEventData } from "../hooks/clone.ts";
import { ALL_EVENTS, EDGE_EVENTS } from "../hooks/events.ts";
import { type HookResult, hookResult } from "../models/index.ts";

/**
 * One recorded event: the original's `(event, data)` pair (`const [event, data] = recorded`),
 * which also reads as `recorded.event` / `recorded.data`.
 */
export type RecordedEvent = readonly [event: string, data: Record<string, unknown>] & {
  readonly event: string;
  readonly data: Record<string, unknown>;
};

function recordedEvent(event: string, data: Record<string, unknown>): RecordedEvent {
  const pair = [event, data];
  // Not enumerable: the record compares and serialises as the pair the original returns.
  Object.defineProperties(pair, { event: { value: event }, data: { value: data } });
  return Object.freeze(pair) as unknown as RecordedEvent;
}

/**
 * Records events. Use `emit` (or the original's alias `record`) as a handler, or `attach(hooks)`
 * to record every known event (or the ones given) at a priority that runs after other handlers.
 */
export class EventRecorder {
  readonly events: RecordedEvent[] = [];

  /** Records `(event, copy of data)` and continues. */
  emit = async (event: string, data: Record<string, unknown>): Promise<HookResult> => {
    this.events.push(recordedEvent(event, cloneEventData(data)));
    return hookResult();
  };

  /** The original's alias of {@link emit}. */
  record = (event: string, data: Record<string, unknown>): Promise<HookResult> => this.emit(event, data);

  /** Registers on `events` (default: every canonical and kernel event); returns a detach function. */
  attach(
    hooks: HookRegistryContract,
    events: readonly string[] = [...ALL_EVENTS, ...EDGE_EVENTS],
    priority = 1000,
  ): () => void {
    const detach = events.map((event) =>
      hooks.register(event, this.emit, { priority, name: `event-recorder:${event}` }),
    );
    return () => {
      for (const off of detach) off();
    };
  }

  /** The recorded `(event, data)` pairs, optionally of one name. */
  get_events(event?: string): RecordedEvent[] {
    return event === undefined ? [...this.events] : this.events.filter((recorded) => recorded.event === event);
  }

  /** The names of the recorded events, in order. */
  names(): string[] {
    return this.events.map((recorded) => recorded.event);
  }

  /** Forgets everything recorded. */
  clear(): void {
    this.events.length = 0;
  }
}
