/** What the IndexedDB bench page exposes on `window.storeBench`, for playwright to drive. */

/** Timings of appends, measured in the page with `performance.now()`. */
export interface AppendRun {
  readonly sessionId: string;
  /** Microseconds of each `append`, in order (each awaited before the next). */
  readonly appendMicros: number[];
}

/** Timings of full loads of one session. */
export interface LoadRun {
  /** Milliseconds of each `load`. */
  readonly loadMillis: number[];
  /** How many messages the last load returned. */
  readonly loaded: number;
}

export interface StoreBenchApi {
  /** Appends `count` messages one after another to a fresh session. */
  append(count: number): Promise<AppendRun>;
  /** Loads the whole session `times` times. */
  load(sessionId: string, times: number): Promise<LoadRun>;
}

declare global {
  interface Window {
    storeBench: StoreBenchApi;
  }
}
