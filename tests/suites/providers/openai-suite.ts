/** The provider-openai suite (OpenAI and OpenAI-compatible servers), run against any transport. */
import { describe, expect, it } from "vitest";
import { KernelError } from "../../../src/errors.ts";
import type { ChatRequest, StreamEvent } from "../../../src/models/index.ts";
import { getLLMErrorData } from "../../../src/models/llm-error.ts";
import { createOpenAiProvider } from "../../../src/modules/provider-openai/index.ts";
import type { Exchange } from "../../fixtures/providers/exchange.ts";
import * as fx from "../../fixtures/providers/openai.ts";
import { collect, collectUntilError, EventLog, expectSent, FakeTime, rejection, withReplay } from "./harness.ts";
import type { Replay, Transport } from "./transport.ts";

/** Points the provider at the replay as if it were api.openai.com (the transport serves it). */
function setup(replay: Replay, config: Record<string, unknown> = {}) {
  const log = new EventLog();
  const time = new FakeTime();
  const provider = createOpenAiProvider(
    {
      api_key: fx.OPENAI_KEY,
      base_url: `${replay.baseUrl}/v1`,
      model: "gpt-4.1-mini",
      max_tokens: 1024,
      // The replay server stands in for api.openai.com.
      server: "openai",
      ...(replay.fetch ? { fetch: replay.fetch } : {}),
      ...config,
    },
    { hooks: log, sleep: time.sleep, random: time.random, now: time.now },
  );
  return { provider, log, time };
}

/** A local OpenAI-compatible server: no key, its own model, compatible defaults. */
function setupCompat(replay: Replay, config: Record<string, unknown> = {}) {
  const time = new FakeTime();
  const provider = createOpenAiProvider(
    {
      base_url: `${replay.baseUrl}/v1`,
      model: fx.LOCAL_MODEL,
      ...(replay.fetch ? { fetch: replay.fetch } : {}),
      ...config,
    },
    { sleep: time.sleep, random: time.random, now: time.now },
  );
  return { provider, time };
}

async function completeWith(transport: Transport, exchanges: Exchange[], request: ChatRequest, config = {}) {
  return withReplay(transport, exchanges, async (replay) => {
    const { provider, log, time } = setup(replay, config);
    const response = await provider.complete(request);
    expectSent(replay, exchanges);
    return { response, log, time, provider };
  });
}

async function failWith(transport: Transport, exchanges: Exchange[], config = {}) {
  return withReplay(transport, exchanges, async (replay) => {
    const { provider, time, log } = setup(replay, config);
    const error = await rejection(provider.complete(fx.textRequest));
    expectSent(replay, exchanges);
    return { error, data: getLLMErrorData(error), time, log };
  });
}

type Done = Extract<StreamEvent, { type: "done" }>;

/** Registers the suite; `runtime` names where it runs. */
export function registerOpenAiSuite(transport: Transport, runtime: string): void {
  describe(`provider-openai (${runtime})`, () => {
    describe("complete()", () => {
      it("sends system, developer and user messages with max_completion_tokens, and reads usage with cached tokens", async () => {
        const { response, log } = await completeWith(transport, [fx.textExchange], fx.textRequest);
        expect(response.content).toEqual([{ type: "text", text: "Hello!" }]);
        expect(response.finish_reason).toBe("stop");
        expect(response.usage).toEqual({
          input_tokens: 1300,
          output_tokens: 4,
          total_tokens: 1304,
          cache_read_tokens: 1024,
          reasoning_tokens: 0,
        });
        expect(log.of("llm:response")[0]).toMatchObject({
          provider: "openai",
          status: "ok",
          usage: { input_tokens: 1300, output_tokens: 4, cache_read_tokens: 1024 },
        });
      });

      it("sends image parts, tool calls as JSON text with their results, tool_choice, and parses parallel tool calls", async () => {
        const { response, provider } = await completeWith(transport, [fx.toolExchange], fx.toolRequest);
        expect(response.finish_reason).toBe("tool_calls");
        expect(response.tool_calls).toEqual([
          { id: "call_B", name: "get_weather", arguments: { city: "Rome" } },
          { id: "call_C", name: "get_weather", arguments: { city: "Oslo" } },
        ]);
        expect(await provider.parse_tool_calls(response)).toEqual(response.tool_calls);
        expect(response.text).toBe("");
      });

      it("sends response_format json_schema with its name and strictness", async () => {
        const { response } = await completeWith(transport, [fx.jsonExchange], fx.jsonRequest);
        expect(JSON.parse(response.text ?? "")).toEqual({ city: "Lyon" });
      });

      it("leaves temperature out for a reasoning model, passes reasoning_effort, and reports reasoning tokens", async () => {
        const { response } = await completeWith(transport, [fx.reasoningExchange], fx.reasoningRequest);
        expect(response.usage?.reasoning_tokens).toBe(192);
        expect(response.degradation).toEqual({
          requested: "temperature/top_p",
          actual: "model default",
          reason: "gpt-5-mini does not accept sampling parameters",
        });
      });

      it("talks to a compatible server without a key, with max_tokens, and reads reasoning_content as thinking", async () => {
        await withReplay(transport, [fx.compatExchange], async (replay) => {
          const { provider } = setupCompat(replay, { max_tokens: 512, temperature: 0.3 });
          const response = await provider.complete(fx.compatRequest);
          expectSent(replay, [fx.compatExchange]);
          expect(replay.requests[0]?.headers.authorization).toBeUndefined();
          expect(response.content).toEqual([
            { type: "thinking", thinking: "The user greets me." },
            { type: "text", text: "Hello!" },
          ]);
          expect(await provider.list_models()).toEqual([
            expect.objectContaining({ id: fx.LOCAL_MODEL, context_window: 8192, max_output_tokens: 4096 }),
          ]);
        });
      });
    });

    describe("stream()", () => {
      it("yields text deltas, the usage chunk, then done", async () => {
        await withReplay(transport, [fx.streamTextExchange], async (replay) => {
          const { provider } = setup(replay);
          const events = await collect(provider.stream!(fx.streamTextRequest));
          expectSent(replay, [fx.streamTextExchange]);
          expect(events.slice(0, 3)).toEqual([
            { type: "text_delta", index: 0, text: "Hello" },
            { type: "text_delta", index: 0, text: ", world!" },
            {
              type: "usage",
              usage: { input_tokens: 9, output_tokens: 4, total_tokens: 13, cache_read_tokens: 0, reasoning_tokens: 0 },
            },
          ]);
          expect((events[3] as Done).response).toMatchObject({ text: "Hello, world!", finish_reason: "stop" });
          expect(events).toHaveLength(4);
        });
      });

      it("streams parallel tool calls as separate blocks with start / argument deltas / end", async () => {
        await withReplay(transport, [fx.streamToolExchange], async (replay) => {
          const { provider } = setup(replay);
          const events = await collect(provider.stream!(fx.streamToolRequest));
          expectSent(replay, [fx.streamToolExchange]);
          expect(events.filter((event) => event.type.startsWith("tool_call"))).toEqual([
            { type: "tool_call_start", index: 1, id: "call_P", name: "get_weather" },
            { type: "tool_call_delta", index: 1, id: "call_P", arguments_delta: '{"ci' },
            { type: "tool_call_delta", index: 1, id: "call_P", arguments_delta: 'ty":"Paris"}' },
            { type: "tool_call_start", index: 2, id: "call_R", name: "get_weather" },
            { type: "tool_call_delta", index: 2, id: "call_R", arguments_delta: '{"city":' },
            { type: "tool_call_delta", index: 2, id: "call_R", arguments_delta: '"Rome"}' },
            { type: "tool_call_end", index: 1, id: "call_P", arguments: { city: "Paris" } },
            { type: "tool_call_end", index: 2, id: "call_R", arguments: { city: "Rome" } },
          ]);
          const done = events.at(-1) as Done;
          expect(done.response.content).toEqual([
            { type: "text", text: "Checking." },
            { type: "tool_call", id: "call_P", name: "get_weather", input: { city: "Paris" } },
            { type: "tool_call", id: "call_R", name: "get_weather", input: { city: "Rome" } },
          ]);
          expect(done.response.finish_reason).toBe("tool_calls");
          expect(done.response.usage).toMatchObject({ input_tokens: 80, output_tokens: 35 });
        });
      });

      it("streams reasoning_content as thinking and accepts a compatible server's stream without [DONE]", async () => {
        await withReplay(transport, [fx.streamCompatExchange], async (replay) => {
          const { provider } = setupCompat(replay);
          const events = await collect(provider.stream!(fx.streamTextRequest));
          expectSent(replay, [fx.streamCompatExchange]);
          expect(events.slice(0, 3)).toEqual([
            { type: "thinking_delta", index: 0, thinking: "Greet " },
            { type: "thinking_delta", index: 0, thinking: "back." },
            { type: "text_delta", index: 1, text: "Hi!" },
          ]);
          expect((events.at(-1) as Done).response.content).toEqual([
            { type: "thinking", thinking: "Greet back." },
            { type: "text", text: "Hi!" },
          ]);
        });
      });

      it("maps an error chunk inside a 200 stream", async () => {
        await withReplay(transport, [fx.streamErrorChunkExchange], async (replay) => {
          const { provider } = setup(replay);
          const { items, error } = await collectUntilError(provider.stream!(fx.streamTextRequest));
          expect(items.map((item) => item.type)).toEqual(["text_delta", "text_delta"]);
          expect(getLLMErrorData(error)).toMatchObject({ kind: "unavailable", retryable: true });
        });
      });

      it("reports a stream cut mid-way, and one that ends before any finish reason", async () => {
        for (const exchange of [fx.streamCutExchange, fx.streamIncompleteExchange]) {
          await withReplay(transport, [exchange], async (replay) => {
            const { provider } = setup(replay);
            const { items, error } = await collectUntilError(provider.stream!(fx.streamTextRequest));
            expect(items).toHaveLength(2);
            expect(getLLMErrorData(error)).toMatchObject({ kind: "stream", retryable: true });
          });
        }
      });

      it("reports tool-call arguments that are not JSON as invalid_tool_call", async () => {
        await withReplay(transport, [fx.streamBadArgumentsExchange], async (replay) => {
          const { provider } = setup(replay);
          const { error } = await collectUntilError(
            provider.stream!({ messages: fx.streamToolRequest.messages, tools: fx.streamToolRequest.tools }),
          );
          expect(getLLMErrorData(error)).toMatchObject({ kind: "invalid_tool_call" });
          expect((error as Error).message).toContain('"get_weather"');
        });
      });

      it("stops the HTTP stream when the caller aborts", async () => {
        await withReplay(transport, [fx.streamHeldExchange], async (replay) => {
          const { provider } = setup(replay);
          const controller = new AbortController();
          const stream = provider.stream!(fx.streamTextRequest, { signal: controller.signal });
          const { items, error } = await collectUntilError(
            (async function* () {
              for await (const event of stream) {
                yield event;
                if (event.type === "text_delta" && event.text === ", world!") controller.abort();
              }
            })(),
          );
          expect(items).toHaveLength(2);
          expect(KernelError.is(error, "cancelled")).toBe(true);
          await replay.clientGone(0);
        });
      });
    });

    describe("errors and retries", () => {
      it("waits retry-after-ms on 429 rate_limit_exceeded, then succeeds", async () => {
        const { response, time, log } = await completeWith(
          transport,
          [fx.rateLimitedExchange, fx.textExchange],
          fx.textRequest,
        );
        expect(response.text).toBe("Hello!");
        expect(time.sleeps).toEqual([1200]);
        expect(log.of("provider:retry")[0]).toMatchObject({
          retry_after: 1.2,
          status_code: 429,
          error: { type: "RateLimitError", kind: "rate_limit" },
        });
      });

      it("does not retry 429 insufficient_quota", async () => {
        const { data, time } = await failWith(transport, [fx.quotaExchange]);
        expect(data).toMatchObject({ kind: "quota_exceeded", retryable: false, status_code: 429 });
        expect(time.sleeps).toEqual([]);
      });

      it("maps context_length_exceeded, and vLLM's top-level error, to context_length", async () => {
        for (const exchange of [fx.contextLengthExchange, fx.vllmContextLengthExchange]) {
          const { data } = await failWith(transport, [exchange]);
          expect(data).toMatchObject({ kind: "context_length", retryable: false, status_code: 400 });
        }
      });

      it("maps 401 invalid_api_key to auth", async () => {
        const { data } = await failWith(transport, [fx.authExchange]);
        expect(data).toMatchObject({ kind: "auth", retryable: false });
      });

      it("retries 503 up to max_retries", async () => {
        const exchanges = [fx.unavailableExchange, fx.unavailableExchange];
        const { data, time } = await failWith(transport, exchanges, { max_retries: 1 });
        expect(data).toMatchObject({ kind: "unavailable", status_code: 503 });
        expect(time.sleeps).toEqual([750]);
      });

      it("retries a dropped connection as a network error", async () => {
        const { response, log } = await completeWith(transport, [fx.refusedExchange, fx.textExchange], fx.textRequest);
        expect(response.text).toBe("Hello!");
        expect(log.of("provider:retry")[0]).toMatchObject({ error: { type: "NetworkError", kind: "network" } });
      });
    });
  });
}
