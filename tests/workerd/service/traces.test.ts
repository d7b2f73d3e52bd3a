/**
 * Traces on Workers: hooks-otel in a session's Durable Object, its spans flushed at the end of each
 * turn through the object's `ctx.waitUntil` (no AsyncLocalStorage involved), and the OTLP/HTTP
 * exporter's worker build sending a request workerd accepts.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import {
  BatchSpanProcessor,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { afterEach, describe, expect, it } from "vitest";
import { createHooksOtel } from "../../../src/modules/hooks-otel/index.ts";
import { createAmplifierWorker, defaultCloudflareModules } from "../../../worker/cloudflare/index.ts";
import { EventReader } from "./client.ts";

const SSE = { "content-type": "text/event-stream" };

const tracedPlan = {
  session: { orchestrator: "loop-basic", context: "context-simple" },
  providers: [
    {
      module: "provider-mock",
      config: {
        script: [
          { tool_calls: [{ name: "calculator", arguments: { expression: "6 * 7" } }] },
          { text: "The answer is 42." },
        ],
      },
    },
  ],
  tools: [{ module: "tool-calculator" }],
  hooks: [{ module: "hooks-otel" }],
};

/** Keeps every promise the object gives its state's `waitUntil`, for the test to await. */
function watchWaitUntil(state: DurableObjectState, waited: Promise<unknown>[]): DurableObjectState {
  const waitUntil = state.waitUntil.bind(state);
  state.waitUntil = (promise: Promise<unknown>) => {
    waited.push(promise);
    waitUntil(promise);
  };
  return state;
}

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

describe("hooks-otel on Workers", () => {
  it("flushes a turn's spans through ctx.waitUntil once the turn has ended", async () => {
    const exporter = new InMemorySpanExporter();
    // A batch that would wait an hour: only the flush at the end of the turn exports it.
    const provider = new TracerProvider({
      spanProcessors: [new BatchSpanProcessor({ exporter, scheduledDelayMillis: 3_600_000 })],
    });
    const flushed: string[][] = [];
    const worker = createAmplifierWorker({
      modules: [...defaultCloudflareModules, createHooksOtel({ tracerProvider: provider })],
      heartbeatMs: 0,
      flushTraces: async () => {
        await provider.forceFlush();
        flushed.push(exporter.getFinishedSpans().map((span) => span.name));
      },
    });
    const stub = env.SESSIONS.get(env.SESSIONS.idFromName(`traces-${crypto.randomUUID()}`));
    const waited: Promise<unknown>[] = [];
    const events = await runInDurableObject(stub, async (_default, state) => {
      const object = new worker.SessionObject(watchWaitUntil(state, waited), env);
      await object.create("traced-session", tracedPlan);
      const answer = await object.prompt("traced-session", "What is 6 * 7?");
      if (!answer.ok) throw new Error(answer.error.message);
      const streamed = await new EventReader(new Response(answer.value, { headers: SSE })).rest();
      // The turn's own promise first; the flush is handed over when it ends.
      for (let index = 0; index < waited.length; index += 1) await waited[index];
      return streamed;
    });
    expect(events.at(-1)).toEqual({ event: "result", data: { response: "The answer is 42." } });
    expect(waited.length).toBe(2);
    expect(flushed).toEqual([
      expect.arrayContaining([
        "invoke_agent amplifier",
        "chat mock-model",
        "execute_tool calculator",
        "chat mock-model",
      ]),
    ]);
    const spans = exporter.getFinishedSpans();
    const turn = spans.find((span) => span.name === "invoke_agent amplifier");
    expect(spans.filter((span) => span !== turn).map((span) => span.parentSpanContext?.spanId)).toEqual(
      spans.filter((span) => span !== turn).map(() => turn?.spanContext().spanId),
    );
    await provider.shutdown();
  });

  it("the OTLP/HTTP exporter's worker build sends a request workerd accepts, as OTLP JSON", async () => {
    const sent: { url: string; contentType: string | null; body: unknown }[] = [];
    globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      // workerd's own Request refuses init fields it does not implement: build one as fetch would.
      const request = new Request(input, init);
      sent.push({
        url: request.url,
        contentType: request.headers.get("content-type"),
        body: await request.json(),
      });
      return new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
    };
    const exporter = new OTLPTraceExporter({ url: "http://127.0.0.1:4318/v1/traces" });
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    const worker = createAmplifierWorker({
      modules: [...defaultCloudflareModules, createHooksOtel({ tracerProvider: provider })],
      heartbeatMs: 0,
      flushTraces: () => provider.forceFlush(),
    });
    const stub = env.SESSIONS.get(env.SESSIONS.idFromName(`otlp-${crypto.randomUUID()}`));
    const waited: Promise<unknown>[] = [];
    await runInDurableObject(stub, async (_default, state) => {
      const object = new worker.SessionObject(watchWaitUntil(state, waited), env);
      await object.create("otlp-session", tracedPlan);
      const answer = await object.prompt("otlp-session", "What is 6 * 7?");
      if (!answer.ok) throw new Error(answer.error.message);
      await new EventReader(new Response(answer.value, { headers: SSE })).rest();
      for (let index = 0; index < waited.length; index += 1) await waited[index];
    });
    await provider.shutdown();
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent.map((request) => [request.url, request.contentType].join(" ")))).toEqual(
      new Set(["http://127.0.0.1:4318/v1/traces application/json"]),
    );
    const names = sent.flatMap((request) =>
      (request.body as { resourceSpans: { scopeSpans: { spans: { name: string }[] }[] }[] }).resourceSpans.flatMap(
        (resource) => resource.scopeSpans.flatMap((scope) => scope.spans.map((span) => span.name)),
      ),
    );
    expect(names).toEqual(expect.arrayContaining(["invoke_agent amplifier", "execute_tool calculator"]));
  });
});
