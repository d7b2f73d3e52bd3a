/**
 * The spans the playground's worker sends the page: finished OpenTelemetry spans as plain data, on
 * one BroadcastChannel, so that the Trace tab draws what a collector would receive.
 */

/** The channel the worker posts finished spans on. */
export const TRACE_CHANNEL = "amplifier-edge-playground:spans";

/** A span event (a sandbox kill, a retry) at a time inside its span. */
export interface SpanEventRecord {
  readonly name: string;
  readonly timeMs: number;
  readonly attributes: Record<string, unknown>;
}

/** One finished span. Times are milliseconds since the epoch. */
export interface SpanRecord {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly name: string;
  readonly startMs: number;
  readonly durationMs: number;
  /** True when the span ended with an error status. */
  readonly failed: boolean;
  readonly attributes: Record<string, unknown>;
  readonly events: readonly SpanEventRecord[];
}
