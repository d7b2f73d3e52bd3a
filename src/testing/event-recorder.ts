/** Records hook events, as a handler or attached to a registry. */
import type { HookRegistryContract } from "../contracts.ts";
import { cloneEventData } from "../hooks/clone.ts";
import { ALL_EVENTS, EDGE_EVENTS } from "../hooks/events.ts";
import { type HookResult, hookResult } from "../models/index.ts";

/** One recorded event. */
export interface RecordedEvent {
  event: string;
  data: Record<string, unknown>;
}

/**
 * Records events. Use `emit` as a handler, or `attach(hooks)` to record every known event
 * (or the ones given) at a priority that runs after other handlers.
 */
export class EventRecorder {
  readonly events: RecordedEvent[] = [];

  /** Records `(event, copy of data)` and continues. */
  emit = async (event: string, data: Record<string, unknown>): Promise<HookResult> => {
    this.events.push({ event, data: cloneEventData(data) });
    return hookResult();
  };

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

  /** The recorded events, optionally of one name. */
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
