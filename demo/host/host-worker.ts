/**
 * The playground's own host worker: the ready-made host (every built-in module, IndexedDB,
 * QuickJS) with an OpenTelemetry tracer provider registered first, so that `hooks-otel` in the
 * plan traces every turn here in the worker and the Trace tab draws the spans it exports.
 */
import { trace } from "@opentelemetry/api";
import { SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { serveWorkerHost } from "amplifier-edge/web";
import { PageSpanExporter } from "./page-span-exporter.ts";

trace.setGlobalTracerProvider(
  new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: new PageSpanExporter() })] }),
);
await serveWorkerHost();
