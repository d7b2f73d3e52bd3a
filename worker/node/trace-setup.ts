/**
 * `run --trace`: an OpenTelemetry SDK tracer provider for one CLI run, and the hooks-otel module
 * bound to it. `otlp=<url>` exports with the OTLP/HTTP (JSON) exporter to `<url>/v1/traces`;
 * `console` prints one line per finished span to stderr (stdout stays the answer, or JSON lines).
 * Loaded only when `--trace` is given, so a plain run does not load the SDK.
 */
import type { Writable } from "node:stream";
import { ExportResultCode, hrTimeToMilliseconds } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BatchSpanProcessor,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import type { ModuleDefinition } from "../../src/contracts.ts";
import { createHooksOtel } from "../../src/modules/hooks-otel/index.ts";
import type { TraceTarget } from "./cli-args.ts";

/** Tracing for one run: the module to mount, and the flush that ends it. */
export interface CliTracing extends AsyncDisposable {
  readonly module: ModuleDefinition;
}

/** The OTLP/HTTP traces path, added to a bare collector URL (`http://127.0.0.1:4318`). */
export function tracesUrl(endpoint: string): string {
  const url = new URL(endpoint);
  if (!url.pathname.endsWith("/v1/traces")) url.pathname = `${url.pathname.replace(/\/+$/, "")}/v1/traces`;
  return url.href;
}

/** Writes each finished span as one line: `trace <name> <ms> ms [error <type>] <attributes>`. */
class StderrSpanExporter implements SpanExporter {
  constructor(private readonly stderr: Writable) {}

  export(spans: ReadableSpan[], done: (result: { code: ExportResultCode }) => void): void {
    for (const span of spans) {
      const duration = hrTimeToMilliseconds(span.duration).toFixed(1);
      const failed = span.status.code === 2 ? ` error ${String(span.attributes["error.type"] ?? "")}` : "";
      this.stderr.write(`trace ${span.name} ${duration} ms${failed} ${JSON.stringify(span.attributes)}\n`);
    }
    done({ code: ExportResultCode.SUCCESS });
  }

  async shutdown(): Promise<void> {}
}

/** Starts the tracer provider of `target`; disposing it flushes every span and shuts it down. */
export function startCliTracing(target: TraceTarget, stderr: Writable): CliTracing {
  const processor =
    target.kind === "otlp"
      ? new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: tracesUrl(target.endpoint) }) })
      : new SimpleSpanProcessor({ exporter: new StderrSpanExporter(stderr) });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": "amplifier-edge" }),
    spanProcessors: [processor],
  });
  return {
    module: createHooksOtel({ tracerProvider: provider }),
    async [Symbol.asyncDispose]() {
      await provider.forceFlush();
      await provider.shutdown();
    },
  };
}
