/**
 * The playground worker's span exporter: each finished span goes to the page as a
 * {@link SpanRecord} on a BroadcastChannel (the app's choice of exporter; a real app would use an
 * OTLP exporter here, and the page would not need to know).
 */
import type { HrTime } from "@opentelemetry/api";
import { ExportResultCode } from "@opentelemetry/core";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace";
import { type SpanRecord, TRACE_CHANNEL } from "../app/trace-records.ts";

function milliseconds(time: HrTime): number {
  return time[0] * 1000 + time[1] / 1e6;
}

/** A finished span as plain, cloneable data. */
export function toSpanRecord(span: ReadableSpan): SpanRecord {
  return {
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    name: span.name,
    startMs: milliseconds(span.startTime),
    durationMs: milliseconds(span.duration),
    failed: span.status.code === 2,
    attributes: { ...span.attributes },
    events: span.events.map((event) => ({
      name: event.name,
      timeMs: milliseconds(event.time),
      attributes: { ...event.attributes },
    })),
  };
}

/** Posts every finished span to the page. */
export class PageSpanExporter implements SpanExporter {
  readonly #channel = new BroadcastChannel(TRACE_CHANNEL);

  export(spans: ReadableSpan[], done: (result: { code: ExportResultCode }) => void): void {
    for (const span of spans) this.#channel.postMessage(toSpanRecord(span));
    done({ code: ExportResultCode.SUCCESS });
  }

  async shutdown(): Promise<void> {
    this.#channel.close();
  }
}
