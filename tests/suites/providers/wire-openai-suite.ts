/**
 * provider-openai (Chat Completions and compatible servers) against recorded wire data
 * (`tests/fixtures/provider-wire/openai`, from vercel/ai's and openai-node's test fixtures) and the
 * documented error shapes: each test replays one recording and names the defect of issue 20 it
 * proves fixed.
 */
import { describe, expect, it } from "vitest";
import type { ChatRequest, StreamEvent } from "../../../src/models/index.ts";
import { getLLMErrorData } from "../../../src/models/llm-error.ts";
import { createOpenAiProvider } from "../../../src/modules/provider-openai/index.ts";
import { chatCompletionStream, jsonExchange, streamExchange, WIRE } from "../../fixtures/providers/wire.ts";
import { collect, collectUntilError, EventLog, FakeTime, rejection, withReplay } from "./harness.ts";
import type { Replay, Transport } from "./transport.ts";

type Done = Extract<StreamEvent, { type: "done" }>;
const CHAT = "/v1/chat/completions";
const ASK: ChatRequest = { messages: [{ role: "user", content: "Hi" }] };

function setup(replay: Replay, config: Record<string, unknown> = {}) {
  const time = new FakeTime();
  const log = new EventLog();
  const provider = createOpenAiProvider(
    {
      base_url: `${replay.baseUrl}/v1`,
      model: "test-model",
      ...(replay.fetch ? { fetch: replay.fetch } : {}),
      ...config,
    },
    { hooks: log, sleep: time.sleep, random: time.random, now: time.now },
  );
  return { provider, time, log };
}

async function streamed(transport: Transport, body: string, request: ChatRequest = ASK) {
  return withReplay(transport, [streamExchange(CHAT, body)], async (replay) => {
    const events = await collect(setup(replay).provider.stream!(request));
    return { events, response: (events.at(-1) as Done).response };
  });
}

/** Two Mistral-style calls in one chunk, each with its own id and no `index` (Mistral's documented stream shape). */
const MISTRAL_PARALLEL = chatCompletionStream(
  [
    { id: "m1", model: "mistral-small-latest", choices: [{ index: 0, delta: { role: "assistant", content: "" } }] },
    {
      id: "m1",
      model: "mistral-small-latest",
      choices: [
        {
          index: 0,
          delta: {
            content: null,
            tool_calls: [
              { id: "gSIMJiOkT", function: { name: "weather", arguments: '{"location": "San Francisco"}' } },
              { id: "k2W9zPqRt", function: { name: "weather", arguments: '{"location": "Berlin"}' } },
            ],
          },
          finish_reason: "tool_calls",
        },
      ],
      usage: { prompt_tokens: 124, total_tokens: 170, completion_tokens: 46 },
    },
  ]
    .map((chunk) => JSON.stringify(chunk))
    .join("\n"),
);

/** Registers the suite; `runtime` names where it runs. */
export function registerOpenAiWireSuite(transport: Transport, runtime: string): void {
  describe(`provider-openai on recorded wire data (${runtime})`, () => {
    it("reads a Mistral tool call sent without index (mistral-tool-call recording)", async () => {
      const { response } = await streamed(transport, chatCompletionStream(WIRE.mistralToolCall));
      expect(response.tool_calls).toEqual([
        { id: "gSIMJiOkT", name: "weather", arguments: { location: "San Francisco" } },
      ]);
      expect(response.usage).toMatchObject({ input_tokens: 124, output_tokens: 22 });
    });

    it("keeps two Mistral-style calls without index in one chunk apart, instead of merging their arguments", async () => {
      const { response } = await streamed(transport, MISTRAL_PARALLEL);
      expect(response.tool_calls).toEqual([
        { id: "gSIMJiOkT", name: "weather", arguments: { location: "San Francisco" } },
        { id: "k2W9zPqRt", name: "weather", arguments: { location: "Berlin" } },
      ]);
    });

    it("keeps Gemini's extra_content (thought_signature) on the call and sends it back on the next turn", async () => {
      const first = streamExchange(CHAT, WIRE.geminiParallel);
      const second = jsonExchange(CHAT, WIRE.openAiTextJson);
      await withReplay(transport, [first, second], async (replay) => {
        const { provider } = setup(replay, { model: "gemini-3-pro" });
        const events = await collect(provider.stream!(ASK));
        const { response } = events.at(-1) as Done;
        expect(response.content).toEqual([
          {
            type: "tool_call",
            id: "call-paris",
            name: "get_weather",
            input: { location: "Paris" },
            extra_content: { google: { thought_signature: "<Signature A>" } },
          },
          { type: "tool_call", id: "call-london", name: "get_weather", input: { location: "London" } },
        ]);
        await provider.complete({
          messages: [
            ...ASK.messages,
            { role: "assistant", content: response.content },
            { role: "tool", tool_call_id: "call-paris", content: "18 °C" },
            { role: "tool", tool_call_id: "call-london", content: "12 °C" },
          ],
        });
        const sent = replay.requests[1]!.body as { messages: { tool_calls?: unknown[] }[] };
        expect(sent.messages[1]!.tool_calls).toEqual([
          {
            id: "call-paris",
            type: "function",
            function: { name: "get_weather", arguments: '{"location":"Paris"}' },
            extra_content: { google: { thought_signature: "<Signature A>" } },
          },
          {
            id: "call-london",
            type: "function",
            function: { name: "get_weather", arguments: '{"location":"London"}' },
          },
        ]);
      });
    });

    it("keeps the query of an Azure classic deployment URL after the path (…/deployments/NAME/chat/completions?api-version=…)", async () => {
      const path = "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21";
      await withReplay(transport, [jsonExchange(path, WIRE.openAiTextJson)], async (replay) => {
        const base_url = `${replay.baseUrl}/openai/deployments/gpt-4o?api-version=2024-10-21`;
        const { provider } = setup(replay, { base_url });
        const response = await provider.complete(ASK);
        expect(replay.requests[0]!.path).toBe(path);
        expect(response.text).toMatch(/^\*\*Holiday Name:\*\* Galaxy Day/);
      });
    });

    it("takes model and response id from the first chunk that has them, not Azure's empty first chunk (model router)", async () => {
      const { response } = await streamed(transport, chatCompletionStream(WIRE.azureModelRouter));
      expect(response.metadata).toMatchObject({
        model: "gpt-5-nano-2025-08-07",
        response_id: "chatcmpl-CYPS1lijGoK8gd9lYzY3r9Sx50nbt",
      });
      expect(response.usage).toMatchObject({ input_tokens: 15, output_tokens: 78, reasoning_tokens: 64 });
    });

    it("does not retry an error chunk with the numeric code 400 (it is invalid_request, status 400)", async () => {
      await withReplay(transport, [streamExchange(CHAT, WIRE.openAiErrorCode400)], async (replay) => {
        const { provider, time } = setup(replay);
        const { error } = await collectUntilError(provider.stream!(ASK));
        expect(getLLMErrorData(error)).toMatchObject({ kind: "invalid_request", retryable: false, status_code: 400 });
        expect(time.sleeps).toEqual([]);
        expect(replay.requests).toHaveLength(1);
      });
    });

    it("retries a server_error chunk that comes first, and keeps the stream's x-request-id on the error", async () => {
      const failing = streamExchange(CHAT, WIRE.openAiErrorFirst, { headers: { "x-request-id": "req_9f2c" } });
      await withReplay(transport, [failing, failing], async (replay) => {
        const { provider, time } = setup(replay, { max_retries: 1 });
        const { error } = await collectUntilError(provider.stream!(ASK));
        expect(getLLMErrorData(error)).toMatchObject({ kind: "unavailable", retryable: true, request_id: "req_9f2c" });
        expect(time.sleeps).toHaveLength(1);
      });
    });

    it("maps OpenRouter's 402 (insufficient credits, numeric code) to quota_exceeded and does not retry it", async () => {
      const body =
        '{"error":{"code":402,"message":"Insufficient credits. Add more using https://openrouter.ai/credits"}}';
      await withReplay(transport, [jsonExchange(CHAT, body, { status: 402 })], async (replay) => {
        const { provider, time } = setup(replay);
        const data = getLLMErrorData(await rejection(provider.complete(ASK)));
        expect(data).toMatchObject({ kind: "quota_exceeded", retryable: false, status_code: 402 });
        expect(time.sleeps).toEqual([]);
      });
    });

    it("honours x-should-retry: false on a 503 and keeps its x-request-id", async () => {
      const body = '{"error":{"message":"The engine is currently overloaded","type":"server_error","code":null}}';
      const exchange = jsonExchange(CHAT, body, {
        status: 503,
        headers: { "x-should-retry": "false", "x-request-id": "req_77aa" },
      });
      await withReplay(transport, [exchange], async (replay) => {
        const { provider, time } = setup(replay);
        const data = getLLMErrorData(await rejection(provider.complete(ASK)));
        expect(data).toMatchObject({ kind: "unavailable", retryable: false, status_code: 503, request_id: "req_77aa" });
        expect(time.sleeps).toEqual([]);
      });
    });

    it("reports tool-call arguments that are not JSON as invalid_tool_call, not retryable", async () => {
      const broken = chatCompletionStream(
        JSON.stringify({
          id: "c1",
          model: "m",
          choices: [
            {
              index: 0,
              delta: {
                tool_calls: [
                  { index: 0, id: "call_X", function: { name: "get_weather", arguments: '{"city": Paris' } },
                ],
              },
              finish_reason: "tool_calls",
            },
          ],
        }),
      );
      await withReplay(transport, [streamExchange(CHAT, broken)], async (replay) => {
        const { provider, time } = setup(replay);
        const { error } = await collectUntilError(provider.stream!(ASK));
        expect(getLLMErrorData(error)).toMatchObject({ kind: "invalid_tool_call", retryable: false });
        expect(time.sleeps).toEqual([]);
      });
    });
  });
}
