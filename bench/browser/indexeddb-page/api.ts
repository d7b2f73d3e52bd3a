/** What the IndexedDB bench page exposes on `window.storeBench`, for playwright to drive. */

/** Timings of one run, measured in the page with `performance.now()`. */
export interface StoreBenchRun {
  /** Microseconds of each `append`, in order (each awaited before the next). */
  readonly appendMicros: number[];
  /** Milliseconds of each full `load` of the session after the appends. */
  readonly loadMillis: number[];
  /** How many messages the last load returned. */
  readonly loaded: number;
}

export interface StoreBenchApi {
  /** Appends `count` messages one after another to a fresh session, then loads it `loads` times. */
  run(count: number, loads: number): Promise<StoreBenchRun>;
}

declare global {
  interface Window {
    storeBench: StoreBenchApi;
  }
}
