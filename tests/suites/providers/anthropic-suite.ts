/** The provider-anthropic suite, run against any transport (node HTTP server, injected fetch). */
import { describe, expect, it } from "vitest";
import { KernelError } from "../../../src/errors.ts";
import type { StreamEvent } from "../../../src/models/index.ts";
import { getLLMErrorData } from "../../../src/models/llm-error.ts";
import * as fx from "../../fixtures/providers/anthropic.ts";
import type { Exchange } from "../../fixtures/providers/exchange.ts";
import { registerAnthropicErrorTests } from "./anthropic-errors.ts";
import { completeWith, setup } from "./anthropic-harness.ts";
import { collect, collectUntilError, expectSent, withReplay } from "./harness.ts";
import type { Transport } from "./transport.ts";

/** Registers the suite; `runtime` names where it runs. */
export function registerAnthropicSuite(transport: Transport, runtime: string): void {
  describe(`provider-anthropic (${runtime})`, () => {
    describe("complete()", () => {
      it("sends system, user and cache breakpoints, and reads text, usage with cache tokens and the stop reason", async () => {
        const { response, log } = await completeWith(transport, [fx.textExchange], fx.textRequest);
        expect(response.content).toEqual([{ type: "text", text: "Hello!" }]);
        expect(response.text).toBe("Hello!");
        expect(response.finish_reason).toBe("stop");
        expect(response.usage).toEqual({
          input_tokens: 2060,
          output_tokens: 6,
          total_tokens: 2066,
          cache_read_tokens: 2048,
          cache_write_tokens: 0,
        });
        expect(response.metadata).toMatchObject({
          response_id: "msg_01XFDUDYJgAACzvnptvVoYEL",
          model: "claude-sonnet-4-5-20250929",
        });
        expect(log.names()).toEqual(["llm:request", "llm:response"]);
        expect(log.of("llm:request")[0]).toEqual({
          provider: "anthropic",
          model: "claude-sonnet-4-5",
          stream: false,
          message_count: 2,
          tool_count: 0,
        });
        expect(log.of("llm:response")[0]).toEqual({
          provider: "anthropic",
          model: "claude-sonnet-4-5",
          status: "ok",
          duration_ms: 5,
          finish_reason: "stop",
          usage: { input_tokens: 2060, output_tokens: 6, cache_read_tokens: 2048, cache_write_tokens: 0 },
        });
      });

      it("sends images, tools, tool_choice and the tool call/result pair, and parses the new tool call", async () => {
        const { response, provider } = await completeWith(transport, [fx.toolExchange], fx.toolRequest);
        expect(response.finish_reason).toBe("tool_calls");
        expect(response.tool_calls).toEqual([{ id: "toolu_01B", name: "get_forecast", arguments: {} }]);
        expect(await provider.parse_tool_calls(response)).toEqual(response.tool_calls);
        expect(response.content[1]).toEqual({ type: "tool_call", id: "toolu_01B", name: "get_forecast", input: {} });
        expect(response.usage).toMatchObject({ input_tokens: 1920, cache_write_tokens: 1500, cache_read_tokens: 0 });
      });

      it("turns on thinking for a reasoning effort, replays signed and redacted thinking, and keeps the new signature", async () => {
        const { response } = await completeWith(transport, [fx.thinkingExchange], fx.thinkingRequest, {
          temperature: 0.7,
        });
        expect(response.content).toEqual([
          { type: "thinking", thinking: "The tool says 7 x 11 x 13.", signature: "EuYBCkQYAiJAsig2" },
          { type: "text", text: "No: 1001 = 7 × 11 × 13." },
        ]);
      });

      it("asks for JSON through a forced tool and returns it as the text answer", async () => {
        const { response } = await completeWith(transport, [fx.jsonExchange], fx.jsonRequest);
        expect(JSON.parse(response.text ?? "")).toEqual({ city: "Lyon", country: "France" });
        expect(response.tool_calls).toBeUndefined();
        expect(response.finish_reason).toBe("stop");
      });

      it("repairs a tool call left without a result before sending, and says so", async () => {
        const exchange: Exchange = {
          request: {
            ...fx.textExchange.request,
            body: {
              model: "claude-sonnet-4-5",
              max_tokens: 1024,
              messages: [
                { role: "user", content: [{ type: "text", text: "Read it." }] },
                { role: "assistant", content: [{ type: "tool_use", id: "toolu_lost", name: "read", input: {} }] },
                {
                  role: "user",
                  content: [
                    {
                      type: "tool_result",
                      tool_use_id: "toolu_lost",
                      content: "Error: the result of this tool call was lost (the turn was interrupted).",
                      is_error: true,
                    },
                    { type: "text", text: "Try again.", cache_control: { type: "ephemeral" } },
                  ],
                },
              ],
            },
          },
          response: fx.textExchange.response,
        };
        const { log } = await completeWith(transport, [exchange], {
          messages: [
            { role: "user", content: "Read it." },
            { role: "assistant", content: "", tool_calls: [{ id: "toolu_lost", tool: "read", arguments: {} }] },
            { role: "tool", tool_call_id: "toolu_orphan", content: "stale" },
            { role: "user", content: "Try again." },
          ],
        });
        expect(log.of("provider:tool_sequence_repaired")[0]?.repairs).toEqual([
          { tool_call_id: "toolu_orphan", action: "dropped_orphan_result", message_index: 2 },
          { tool_call_id: "toolu_lost", action: "synthetic_result", message_index: 1 },
        ]);
      });
    });

    describe("stream()", () => {
      it("yields text deltas, usage, then done with the same response complete() would give", async () => {
        await withReplay(transport, [fx.streamTextExchange], async (replay) => {
          const { provider, log } = setup(replay);
          const events = await collect(provider.stream!(fx.streamTextRequest));
          expectSent(replay, [fx.streamTextExchange]);
          expect(events.slice(0, 3)).toEqual([
            { type: "text_delta", index: 0, text: "Hello" },
            { type: "text_delta", index: 0, text: ", world!" },
            {
              type: "usage",
              usage: {
                input_tokens: 25,
                output_tokens: 15,
                total_tokens: 40,
                cache_read_tokens: 0,
                cache_write_tokens: 0,
              },
            },
          ]);
          const done = events[3] as Extract<StreamEvent, { type: "done" }>;
          expect(events).toHaveLength(4);
          expect(done.response).toMatchObject({
            content: [{ type: "text", text: "Hello, world!" }],
            finish_reason: "stop",
            text: "Hello, world!",
          });
          expect(log.of("llm:request")[0]?.stream).toBe(true);
          expect(log.of("llm:response")[0]).toMatchObject({
            status: "ok",
            usage: { input_tokens: 25, output_tokens: 15 },
          });
        });
      });

      it("streams tool calls as start / argument deltas / end and parses their arguments", async () => {
        await withReplay(transport, [fx.streamToolExchange], async (replay) => {
          const { provider } = setup(replay);
          const events = await collect(provider.stream!(fx.streamToolRequest));
          expectSent(replay, [fx.streamToolExchange]);
          expect(events.filter((event) => event.type.startsWith("tool_call"))).toEqual([
            { type: "tool_call_start", index: 1, id: "toolu_01T", name: "get_weather" },
            { type: "tool_call_delta", index: 1, id: "toolu_01T", arguments_delta: "" },
            { type: "tool_call_delta", index: 1, id: "toolu_01T", arguments_delta: '{"city": "Pa' },
            { type: "tool_call_delta", index: 1, id: "toolu_01T", arguments_delta: 'ris"}' },
            { type: "tool_call_end", index: 1, id: "toolu_01T", arguments: { city: "Paris" } },
            { type: "tool_call_start", index: 2, id: "toolu_01U", name: "get_forecast" },
            { type: "tool_call_delta", index: 2, id: "toolu_01U", arguments_delta: "" },
            { type: "tool_call_end", index: 2, id: "toolu_01U", arguments: {} },
          ]);
          const done = events.at(-1) as Extract<StreamEvent, { type: "done" }>;
          expect(done.response.finish_reason).toBe("tool_calls");
          expect(done.response.tool_calls).toEqual([
            { id: "toolu_01T", name: "get_weather", arguments: { city: "Paris" } },
            { id: "toolu_01U", name: "get_forecast", arguments: {} },
          ]);
          expect(done.response.content[0]).toEqual({ type: "text", text: "Checking both." });
        });
      });

      it("streams thinking with its signature and keeps redacted thinking in order", async () => {
        await withReplay(transport, [fx.streamThinkingExchange], async (replay) => {
          const { provider } = setup(replay);
          const events = await collect(provider.stream!(fx.streamThinkingRequest, { extended_thinking: true }));
          expectSent(replay, [fx.streamThinkingExchange]);
          expect(events.filter((event) => event.type === "thinking_delta")).toEqual([
            { type: "thinking_delta", index: 0, thinking: "A greeting " },
            { type: "thinking_delta", index: 0, thinking: "is wanted." },
            { type: "thinking_delta", index: 0, thinking: "", signature: "EqQBCgIYAhIM1gbcDa9GJwZA2b3h" },
          ]);
          const done = events.at(-1) as Extract<StreamEvent, { type: "done" }>;
          expect(done.response.content).toEqual([
            { type: "thinking", thinking: "A greeting is wanted.", signature: "EqQBCgIYAhIM1gbcDa9GJwZA2b3h" },
            { type: "redacted_thinking", data: "EmwKAhgBEgy3va3pzix" },
            { type: "text", text: "Hello." },
          ]);
        });
      });

      it("retries a stream that fails before its first delta (overloaded), with a provider:retry event", async () => {
        const exchanges = [fx.streamOverloadedAtStartExchange, fx.streamTextExchange];
        await withReplay(transport, exchanges, async (replay) => {
          const { provider, log, time } = setup(replay);
          const events = await collect(provider.stream!(fx.streamTextRequest));
          expectSent(replay, exchanges);
          expect(events.at(-1)?.type).toBe("done");
          expect(time.sleeps).toEqual([750]);
          expect(log.of("provider:retry")).toEqual([
            {
              provider: "anthropic",
              model: "claude-sonnet-4-5",
              attempt: 1,
              max_retries: 3,
              delay_ms: 750,
              error: {
                type: "ProviderUnavailableError",
                kind: "unavailable",
                msg: "anthropic: stream error (unavailable): overloaded_error: Overloaded",
              },
            },
          ]);
        });
      });

      it("ends with the mapped error when the API reports overload after text was streamed (no retry)", async () => {
        await withReplay(transport, [fx.streamOverloadedMidwayExchange], async (replay) => {
          const { provider, log } = setup(replay);
          const { items, error } = await collectUntilError(provider.stream!(fx.streamTextRequest));
          expect(items).toEqual([{ type: "text_delta", index: 0, text: "Hello" }]);
          expect(getLLMErrorData(error)).toMatchObject({ kind: "unavailable", retryable: true, provider: "anthropic" });
          expect(replay.requests).toHaveLength(1);
          expect(log.of("llm:response")[0]).toMatchObject({
            status: "error",
            error: { type: "ProviderUnavailableError", kind: "unavailable" },
          });
        });
      });

      it("reports a stream cut mid-way as a retryable stream error after the text already received", async () => {
        await withReplay(transport, [fx.streamCutExchange], async (replay) => {
          const { provider } = setup(replay);
          const { items, error } = await collectUntilError(provider.stream!(fx.streamTextRequest));
          expect(items).toEqual([{ type: "text_delta", index: 0, text: "Hello" }]);
          expect(getLLMErrorData(error)).toMatchObject({ kind: "stream", retryable: true });
          expect((error as Error).message).toContain("broke off");
        });
      });

      it("reports a stream that ends cleanly but before message_stop as incomplete", async () => {
        await withReplay(transport, [fx.streamIncompleteExchange], async (replay) => {
          const { provider } = setup(replay);
          const { error } = await collectUntilError(provider.stream!(fx.streamTextRequest));
          expect(getLLMErrorData(error)).toMatchObject({ kind: "stream" });
          expect((error as Error).message).toContain("ended before message_stop");
        });
      });

      it("reports malformed event data as a non-retryable stream error", async () => {
        await withReplay(transport, [fx.streamMalformedExchange], async (replay) => {
          const { provider } = setup(replay);
          const { error } = await collectUntilError(provider.stream!(fx.streamTextRequest));
          expect(getLLMErrorData(error)).toMatchObject({ kind: "stream", retryable: false });
          expect((error as Error).message).toContain("malformed");
        });
      });

      it("stops the HTTP stream when the caller aborts mid-stream", async () => {
        await withReplay(transport, [fx.streamHeldExchange], async (replay) => {
          const { provider, log } = setup(replay);
          const controller = new AbortController();
          const received: StreamEvent[] = [];
          let failure: unknown;
          try {
            for await (const event of provider.stream!(fx.streamTextRequest, { signal: controller.signal })) {
              received.push(event);
              controller.abort();
            }
          } catch (error) {
            failure = error;
          }
          expect(received).toEqual([{ type: "text_delta", index: 0, text: "Hello" }]);
          expect(KernelError.is(failure, "cancelled")).toBe(true);
          await replay.clientGone(0);
          expect(log.of("llm:response")[0]).toMatchObject({ status: "cancelled" });
        });
      });

      it("closes the HTTP stream when the consumer stops reading early", async () => {
        await withReplay(transport, [fx.streamHeldExchange], async (replay) => {
          const { provider, log } = setup(replay);
          for await (const event of provider.stream!(fx.streamTextRequest)) {
            expect(event.type).toBe("text_delta");
            break;
          }
          await replay.clientGone(0);
          expect(log.of("llm:response")).toEqual([
            expect.objectContaining({
              status: "cancelled",
              error: { type: "cancelled", msg: "anthropic: the consumer stopped reading the stream" },
            }),
          ]);
        });
      });
    });

    registerAnthropicErrorTests(transport);
  });
}
