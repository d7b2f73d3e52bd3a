/** provider-mock: scripts, the default conversation, streaming and errors on demand. */
import { describe, expect, it } from "vitest";
import { ModuleCoordinator } from "../../../src/coordinator.ts";
import type { ChatRequest, StreamEvent } from "../../../src/models/index.ts";
import {
  findExpression,
  MockProvider,
  mockProviderConfigSchema,
  providerMock,
} from "../../../src/modules/provider-mock/index.ts";
import { EventRecorder } from "../../../src/testing/index.ts";

const request = (text: string, tools: string[] = []): ChatRequest => ({
  messages: [{ role: "user", content: text }],
  tools: tools.map((name) => ({ name, parameters: { type: "object" } })),
});

const mock = (config: Record<string, unknown> = {}) => new MockProvider(mockProviderConfigSchema.parse(config));

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** Registers the provider-mock tests. */
export function registerProviderMockSuite(): void {
  describe("provider-mock", () => {
    it("plays its script in order, with ids, thinking and usage, then falls back to the default conversation", async () => {
      const provider = mock({
        script: [
          {
            thinking: "plan",
            signature: "s1",
            text: "Calling.",
            tool_calls: [{ name: "calculator", arguments: { expression: "1+1" } }],
          },
          { text: "Two.", usage: { input_tokens: 7, output_tokens: 2 } },
        ],
      });
      const first = await provider.complete(request("hi"));
      expect(first).toMatchObject({
        content: [
          { type: "thinking", thinking: "plan", signature: "s1" },
          { type: "text", text: "Calling." },
          { type: "tool_call", id: "mock_call_1", name: "calculator", input: { expression: "1+1" } },
        ],
        finish_reason: "tool_use",
      });
      expect(provider.parse_tool_calls(first)).toEqual([
        { id: "mock_call_1", name: "calculator", arguments: { expression: "1+1" } },
      ]);
      expect((await provider.complete(request("x"))).usage).toEqual({
        input_tokens: 7,
        output_tokens: 2,
        total_tokens: 9,
      });
      expect((await provider.complete(request("again"))).content).toEqual([{ type: "text", text: "You said: again" }]);
      expect(provider.requests).toHaveLength(3);
    });

    it("repeats the last step or fails when exhausted, as configured", async () => {
      const repeat = mock({ script: [{ text: "same" }], when_exhausted: "repeat_last" });
      await repeat.complete(request("a"));
      expect((await repeat.complete(request("b"))).content).toEqual([{ type: "text", text: "same" }]);
      const strict = mock({ script: [{ text: "once" }], when_exhausted: "error" });
      await strict.complete(request("a"));
      await expect(strict.complete(request("b"))).rejects.toMatchObject({
        code: "provider_failed",
        message: expect.stringContaining("no step 2"),
      });
    });

    it("throws errors on demand: rate limit with retry_after, context length, malformed tool call", async () => {
      const provider = mock({
        script: [
          { error: { kind: "rate_limit", retry_after: 3 } },
          { error: { kind: "context_length" } },
          { error: { kind: "invalid_tool_call" } },
        ],
      });
      await expect(provider.complete(request("a"))).rejects.toMatchObject({
        data: { kind: "rate_limit", retry_after: 3, retryable: true },
      });
      await expect(provider.complete(request("b"))).rejects.toMatchObject({
        data: { kind: "context_length", retryable: false },
      });
      await expect(provider.complete(request("c"))).rejects.toMatchObject({
        message: expect.stringContaining("malformed tool call"),
      });
    });

    it("streams deltas whose sum is the final response", async () => {
      const provider = mock({
        stream_chunk_size: 3,
        script: [
          {
            thinking: "abcdefg",
            text: "Hello world",
            tool_calls: [{ id: "t", name: "calculator", arguments: { expression: "2" } }],
          },
        ],
      });
      const events = await collect(provider.stream(request("x")));
      const done = events.at(-1);
      expect(done?.type).toBe("done");
      const text = events.flatMap((event) => (event.type === "text_delta" ? [event.text] : [])).join("");
      const thinking = events.flatMap((event) => (event.type === "thinking_delta" ? [event.thinking] : [])).join("");
      const args = events
        .flatMap((event) => (event.type === "tool_call_delta" ? [event.arguments_delta] : []))
        .join("");
      expect([text, thinking, JSON.parse(args)]).toEqual(["Hello world", "abcdefg", { expression: "2" }]);
      expect(events.filter((event) => event.type === "text_delta")).toHaveLength(4);
      expect(events.find((event) => event.type === "tool_call_end")).toMatchObject({
        id: "t",
        arguments: { expression: "2" },
      });
    });

    it("stops a stream when the signal aborts", async () => {
      const controller = new AbortController();
      const provider = mock({ stream_chunk_size: 1, script: [{ text: "abcdef" }] });
      const seen: string[] = [];
      await expect(
        (async () => {
          for await (const event of provider.stream(request("x"), { signal: controller.signal })) {
            if (event.type === "text_delta") seen.push(event.text);
            controller.abort();
          }
        })(),
      ).rejects.toMatchObject({ data: { kind: "aborted" } });
      expect(seen.length).toBeLessThan(6);
    });

    it.each([
      ["What is 6 * 7?", "6 * 7"],
      ["what's sqrt(16) + 2^3?", "sqrt(16) + 2^3"],
      ["compute (1.5 + 2) × 4, please", "(1.5 + 2) * 4"],
      ["I was born in 1990", undefined],
      ["tool-web and tool-task", undefined],
    ])("finds the arithmetic in %j", (text, expected) => {
      expect(findExpression(text)).toBe(expected);
    });

    it("calls calculator or web_fetch only when they are offered", async () => {
      const provider = mock();
      expect((await provider.complete(request("What is 2 + 2?", ["calculator"]))).tool_calls).toEqual([
        { id: "mock_call_1", name: "calculator", arguments: { expression: "2 + 2" } },
      ]);
      expect((await provider.complete(request("What is 2 + 2?"))).content).toEqual([
        { type: "text", text: "You said: What is 2 + 2?" },
      ]);
      expect(
        (await provider.complete(request("read https://example.com/a please", ["web_fetch"]))).tool_calls?.[0],
      ).toMatchObject({
        name: "web_fetch",
        arguments: { url: "https://example.com/a" },
      });
    });

    it("calls any offered tool a message names with `call TOOL with {json}`, and says why it cannot", async () => {
      const provider = mock();
      expect(
        (await provider.complete(request('call word_count with {"text": "a b c"}', ["word_count"]))).tool_calls,
      ).toEqual([{ id: "mock_call_1", name: "word_count", arguments: { text: "a b c" } }]);
      expect((await provider.complete(request("CALL history_stats", ["history_stats"]))).tool_calls).toEqual([
        { id: "mock_call_2", name: "history_stats", arguments: {} },
      ]);
      const answer = async (text: string, tools: string[]) => (await provider.complete(request(text, tools))).content;
      expect(await answer('call shout with {"text": "x"}', ["word_count"])).toEqual([
        { type: "text", text: "I cannot call shout: the tools offered are word_count." },
      ]);
      expect(await answer('call word_count with {"text": }', ["word_count"])).toEqual([
        { type: "text", text: expect.stringMatching(/^The arguments for word_count are not JSON: /) },
      ]);
      expect(await answer("call word_count with [1]", ["word_count"])).toEqual([
        { type: "text", text: 'The arguments for word_count must be a JSON object, like {"text": "…"}.' },
      ]);
      // Not a directive: no tool of that name, no JSON object.
      expect(await answer("call me later", ["word_count"])).toEqual([
        { type: "text", text: "You said: call me later" },
      ]);
    });

    it("reports a calculator's number as the answer, and anything else as what the tool said", async () => {
      const afterTool = (content: string): ChatRequest => ({
        messages: [
          { role: "user", content: "What is 1 / 0?" },
          { role: "assistant", content: "", tool_calls: [{ id: "c1", tool: "calculator", arguments: {} }] },
          { role: "tool", tool_call_id: "c1", name: "calculator", content },
        ],
      });
      expect((await mock().complete(afterTool("42"))).content).toEqual([{ type: "text", text: "The answer is 42." }]);
      expect((await mock().complete(afterTool("division by zero"))).content).toEqual([
        { type: "text", text: "calculator returned: division by zero" },
      ]);
    });

    it("mounts under its name, reports its model for budgets, and emits llm:request / llm:response", async () => {
      const coordinator = new ModuleCoordinator();
      const recorder = new EventRecorder();
      recorder.attach(coordinator.hooks, ["llm:request", "llm:response"]);
      await providerMock.mount(coordinator, { name: "offline", context_window: 50_000, max_output_tokens: 1_000 });
      const provider = coordinator.get("providers", "offline") as MockProvider;
      expect(provider.get_model_info()).toMatchObject({ context_window: 50_000, max_output_tokens: 1_000 });
      expect(await provider.list_models()).toHaveLength(1);
      await provider.complete(request("hi"));
      expect(recorder.names()).toEqual(["llm:request", "llm:response"]);
      expect(recorder.events[1]?.data).toMatchObject({ provider: "offline", model: "mock-model", status: "ok" });
      await expect(providerMock.mount(coordinator, { script: [{ error: { kind: "nope" } }] })).rejects.toMatchObject({
        code: "invalid_config",
        message: expect.stringContaining("config.script[0].error.kind"),
      });
    });
  });
}
