/**
 * provider-openai with `api: "responses"` (the OpenAI Responses API), run against any transport:
 * the same cases as the Chat Completions suite (text, streamed text, tool calls, parallel calls,
 * reasoning, errors, retries, abort), plus what only this API has (encrypted reasoning sent back).
 */
import { describe, expect, it } from "vitest";
import { KernelError } from "../../../src/errors.ts";
import type { ChatRequest, StreamEvent } from "../../../src/models/index.ts";
import { getLLMErrorData } from "../../../src/models/llm-error.ts";
import { createOpenAiProvider } from "../../../src/modules/provider-openai/index.ts";
import type { Exchange } from "../../fixtures/providers/exchange.ts";
import * as fx from "../../fixtures/providers/openai-responses.ts";
import { jsonExchange, namedEventStream, recordedEvents, streamExchange, WIRE } from "../../fixtures/providers/wire.ts";
import { collect, collectUntilError, EventLog, expectSent, FakeTime, rejection, withReplay } from "./harness.ts";
import type { Replay, Transport } from "./transport.ts";

type Done = Extract<StreamEvent, { type: "done" }>;

function setup(replay: Replay, config: Record<string, unknown> = {}) {
  const log = new EventLog();
  const time = new FakeTime();
  const provider = createOpenAiProvider(
    {
      api: "responses",
      api_key: fx.RESPONSES_KEY,
      base_url: `${replay.baseUrl}/v1`,
      model: "gpt-4.1-mini",
      max_tokens: 1024,
      server: "openai",
      ...(replay.fetch ? { fetch: replay.fetch } : {}),
      ...config,
    },
    { hooks: log, sleep: time.sleep, random: time.random, now: time.now },
  );
  return { provider, log, time };
}

async function completeWith(transport: Transport, exchanges: Exchange[], request: ChatRequest) {
  return withReplay(transport, exchanges, async (replay) => {
    const { provider, log, time } = setup(replay);
    const response = await provider.complete(request);
    expectSent(replay, exchanges);
    return { response, log, time, provider };
  });
}

async function failWith(transport: Transport, exchanges: Exchange[], config = {}) {
  return withReplay(transport, exchanges, async (replay) => {
    const { provider, time } = setup(replay, config);
    const error = await rejection(provider.complete(fx.textRequest));
    expectSent(replay, exchanges);
    return { data: getLLMErrorData(error), time };
  });
}

async function streamWith(transport: Transport, exchange: Exchange, request: ChatRequest) {
  return withReplay(transport, [exchange], async (replay) => {
    const events = await collect(setup(replay).provider.stream!(request));
    expectSent(replay, [exchange]);
    return events;
  });
}

/** Registers the suite; `runtime` names where it runs. */
export function registerOpenAiResponsesSuite(transport: Transport, runtime: string): void {
  describe(`provider-openai, Responses API (${runtime})`, () => {
    describe("complete()", () => {
      it("sends system, developer and user messages as input items with store false, and reads usage with cached tokens", async () => {
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
        expect(response.metadata).toMatchObject({ response_id: "resp_68af4030592c81938ec0a5fbab4a3e9f" });
        expect(log.of("llm:response")[0]).toMatchObject({ provider: "openai", status: "ok" });
      });

      it("sends image parts, an earlier call and its output as items, tool_choice, and parses parallel function calls", async () => {
        const { response, provider } = await completeWith(transport, [fx.toolExchange], fx.toolRequest);
        expect(response.finish_reason).toBe("tool_calls");
        expect(response.tool_calls).toEqual([
          { id: "call_B", name: "get_weather", arguments: { city: "Rome" } },
          { id: "call_C", name: "get_weather", arguments: { city: "Oslo" } },
        ]);
        expect(await provider.parse_tool_calls(response)).toEqual(response.tool_calls);
      });

      it("asks for structured output through text.format json_schema", async () => {
        const { response } = await completeWith(transport, [fx.jsonExchange], fx.jsonRequest);
        expect(JSON.parse(response.text ?? "")).toEqual({ city: "Lyon" });
      });

      it("reasoning model: no temperature, reasoning effort with summaries, encrypted reasoning kept and sent back next turn", async () => {
        await withReplay(transport, [fx.reasoningExchange, fx.reasoningFollowUpExchange], async (replay) => {
          const { provider } = setup(replay);
          const first = await provider.complete(fx.reasoningRequest);
          expect(first.usage?.reasoning_tokens).toBe(192);
          expect(first.degradation).toMatchObject({ requested: "temperature/top_p" });
          expect(first.content[0]).toEqual({
            type: "thinking",
            thinking: "**Checking small factors**\n\n1001 = 7 × 143.",
            content: [fx.ENCRYPTED, "rs_68af40aa1"],
          });
          const second = await provider.complete({
            model: "gpt-5-mini",
            reasoning_effort: "low",
            messages: [
              ...fx.reasoningRequest.messages,
              { role: "assistant", content: first.content },
              { role: "user", content: "And 1009?" },
            ],
          });
          expectSent(replay, [fx.reasoningExchange, fx.reasoningFollowUpExchange]);
          expect(second.text).toBe("Yes, 1009 is prime.");
        });
      });
    });

    it("counts input tokens exactly at /responses/input_tokens, with the body's counted fields only", async () => {
      const exchange = jsonExchange(
        "/v1/responses/input_tokens",
        '{"object":"response.input_tokens","input_tokens":11}',
      );
      await withReplay(transport, [exchange], async (replay) => {
        const { provider } = setup(replay);
        expect(await provider.count_tokens!(fx.streamToolRequest)).toBe(11);
        expect(replay.requests[0]!.body).toEqual({
          model: "gpt-4.1-mini",
          input: [{ type: "message", role: "user", content: "Weather in Paris and Rome?" }],
          tools: (fx.streamToolExchange.request.body as { tools: unknown }).tools,
        });
      });
    });

    describe("stream()", () => {
      it("streams the recorded text of a compatible server (LM Studio) and reads its usage", async () => {
        const recording = recordedEvents(WIRE.lmStudioResponses);
        const final = recording.at(-1) as { response: { output: { content: { text: string }[] }[] } };
        const exchange = streamExchange("/v1/responses", namedEventStream(WIRE.lmStudioResponses));
        await withReplay(transport, [exchange], async (replay) => {
          const { provider } = setup(replay, { api_key: undefined, server: "compatible", model: "gemma-7b-it" });
          const events = await collect(provider.stream!(fx.streamTextRequestBody));
          expect(replay.requests[0]?.headers.authorization).toBeUndefined();
          const deltas = events.filter((event) => event.type === "text_delta");
          expect(deltas.length).toBeGreaterThan(100);
          const { response } = events.at(-1) as Done;
          expect(response.text).toBe(final.response.output[0]!.content[0]!.text);
          expect(response.usage).toEqual({
            input_tokens: 31,
            output_tokens: 282,
            total_tokens: 313,
            cache_read_tokens: 30,
            reasoning_tokens: 0,
          });
          expect(response.metadata).toMatchObject({
            model: "gemma-7b-it",
            response_id: expect.stringMatching(/^resp_/),
          });
        });
      });

      it("streams parallel function calls as separate blocks with start / argument deltas / end", async () => {
        const events = await streamWith(transport, fx.streamToolExchange, fx.streamToolRequest);
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
        const { response } = events.at(-1) as Done;
        expect(response.content).toEqual([
          { type: "text", text: "Checking." },
          { type: "tool_call", id: "call_P", name: "get_weather", input: { city: "Paris" } },
          { type: "tool_call", id: "call_R", name: "get_weather", input: { city: "Rome" } },
        ]);
        expect(response.finish_reason).toBe("tool_calls");
        expect(response.usage).toMatchObject({ input_tokens: 80, output_tokens: 35 });
      });

      it("streams reasoning summaries as thinking (parts apart) and keeps the encrypted state on the block", async () => {
        const events = await streamWith(transport, fx.streamReasoningExchange, fx.reasoningRequest);
        expect(events.filter((event) => event.type === "thinking_delta")).toEqual([
          { type: "thinking_delta", index: 0, thinking: "Try 7." },
          { type: "thinking_delta", index: 0, thinking: "\n\nIt divides." },
        ]);
        const { response } = events.at(-1) as Done;
        expect(response.content).toEqual([
          { type: "thinking", thinking: "Try 7.\n\nIt divides.", content: [fx.ENCRYPTED, "rs_1"] },
          { type: "text", text: "No." },
        ]);
        expect(response.usage?.reasoning_tokens).toBe(80);
      });

      it("marks a call the output limit cut off as incomplete, with finish length", async () => {
        const events = await streamWith(transport, fx.streamCutOffCallExchange, fx.streamToolRequest);
        const { response } = events.at(-1) as Done;
        expect(response.finish_reason).toBe("length");
        expect(response.tool_calls).toEqual([{ id: "call_W", name: "get_weather", arguments: {}, incomplete: true }]);
      });

      it("maps an error event after output, and a failed response", async () => {
        await withReplay(transport, [fx.streamErrorEventExchange], async (replay) => {
          const { items, error } = await collectUntilError(setup(replay).provider.stream!(fx.streamTextRequestBody));
          expect(items.map((item) => item.type)).toEqual(["text_delta", "text_delta"]);
          expect(getLLMErrorData(error)).toMatchObject({ kind: "unavailable", retryable: true });
        });
        await withReplay(transport, [fx.streamFailedExchange], async (replay) => {
          const { error } = await collectUntilError(
            setup(replay, { max_retries: 0 }).provider.stream!(fx.streamTextRequestBody),
          );
          expect(getLLMErrorData(error)).toMatchObject({ kind: "rate_limit", retryable: true });
        });
      });

      it("reports a stream cut mid-way as a retryable stream error", async () => {
        await withReplay(transport, [fx.streamCutExchange], async (replay) => {
          const { items, error } = await collectUntilError(setup(replay).provider.stream!(fx.streamTextRequestBody));
          expect(items).toHaveLength(2);
          expect(getLLMErrorData(error)).toMatchObject({ kind: "stream", retryable: true });
        });
      });

      it("stops the HTTP stream when the caller aborts", async () => {
        await withReplay(transport, [fx.streamHeldExchange], async (replay) => {
          const controller = new AbortController();
          const stream = setup(replay).provider.stream!(fx.streamTextRequestBody, { signal: controller.signal });
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
        expect(log.of("provider:retry")[0]).toMatchObject({ retry_after: 1.2, status_code: 429 });
      });

      it("does not retry 429 insufficient_quota", async () => {
        const { data, time } = await failWith(transport, [fx.quotaExchange]);
        expect(data).toMatchObject({ kind: "quota_exceeded", retryable: false, status_code: 429 });
        expect(time.sleeps).toEqual([]);
      });

      it("maps context_length_exceeded to context_length and 401 to auth", async () => {
        expect((await failWith(transport, [fx.contextLengthExchange])).data).toMatchObject({ kind: "context_length" });
        expect((await failWith(transport, [fx.authExchange])).data).toMatchObject({ kind: "auth", retryable: false });
      });

      it("retries 503 up to max_retries, and a dropped connection as a network error", async () => {
        const { data, time } = await failWith(transport, [fx.unavailableExchange, fx.unavailableExchange], {
          max_retries: 1,
        });
        expect(data).toMatchObject({ kind: "unavailable", status_code: 503 });
        expect(time.sleeps).toEqual([750]);
        const { response, log } = await completeWith(transport, [fx.refusedExchange, fx.textExchange], fx.textRequest);
        expect(response.text).toBe("Hello!");
        expect(log.of("provider:retry")[0]).toMatchObject({ error: { type: "NetworkError", kind: "network" } });
      });
    });
  });
}
