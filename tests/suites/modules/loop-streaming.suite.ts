/** loop-streaming's token events. */
import { describe, expect, it } from "vitest";
import type { Provider } from "../../../src/contracts.ts";
import { setupLoop } from "./loop-harness.ts";

/** Registers the streaming tests. */
export function registerLoopStreamingSuite(): void {
  describe("loop-streaming: token events", () => {
    it("emits content_block start/delta/end and thinking delta/final as the deltas arrive", async () => {
      const { execute, recorder } = await setupLoop({
        loop: "loop-streaming",
        providerConfig: { stream_chunk_size: 4 },
        script: [{ thinking: "Hmm, greet back.", signature: "sig-1", text: "Hello, streaming world!" }],
      });
      expect(await execute("hi")).toBe("Hello, streaming world!");
      const events = recorder.events.filter((event) => /^(content_block|thinking):/.test(event.event));
      const names = events.map((event) => event.event);
      expect(names[0]).toBe("content_block:start");
      expect(names.filter((name) => name === "thinking:delta").length).toBe(4);
      const textDeltas = recorder.get_events("content_block:delta").map((event) => event.data.delta);
      expect(textDeltas.length).toBe(6);
      expect(textDeltas.join("")).toBe("Hello, streaming world!");
      expect(
        recorder
          .get_events("thinking:delta")
          .map((event) => event.data.delta)
          .join(""),
      ).toBe("Hmm, greet back.");
      expect(recorder.get_events("thinking:final")[0]?.data).toMatchObject({
        block_index: 0,
        thinking: "Hmm, greet back.",
        signature: "sig-1",
      });
      expect(
        recorder.get_events("content_block:start").map((event) => [event.data.block_type, event.data.block_index]),
      ).toEqual([
        ["thinking", 0],
        ["text", 1],
      ]);
      const ends = recorder.get_events("content_block:end").map((event) => event.data);
      expect(ends.map((data) => [data.block_index, data.total_blocks])).toEqual([
        [0, 2],
        [1, 2],
      ]);
      expect(ends[1]).toMatchObject({
        block: { type: "text", text: "Hello, streaming world!" },
        usage: expect.any(Object),
      });
      const lastDelta = names.lastIndexOf("content_block:delta");
      expect(names.indexOf("content_block:end")).toBeGreaterThan(lastDelta);
    });

    it("streams tool-call arguments as deltas and runs the call", async () => {
      const { execute, recorder, history } = await setupLoop({
        loop: "loop-streaming",
        providerConfig: { stream_chunk_size: 5 },
        script: [
          { tool_calls: [{ id: "s1", name: "calculator", arguments: { expression: "3*3" } }] },
          { text: "nine" },
        ],
      });
      await execute("3*3");
      const deltas = recorder
        .get_events("content_block:delta")
        .filter((event) => event.data.block_type === "tool_call")
        .map((event) => event.data.delta);
      expect(JSON.parse(deltas.join(""))).toEqual({ expression: "3*3" });
      expect(recorder.get_events("content_block:start")[0]?.data).toMatchObject({
        block_type: "tool_call",
        tool_call_id: "s1",
      });
      expect((await history())[2]?.content).toBe("9");
    });

    it("falls back to complete() for a provider without stream(), with the same event shapes", async () => {
      const { execute, recorder } = await setupLoop({
        loop: "loop-streaming",
        script: [{ text: "whole answer" }],
        wrapProvider: (mock): Provider => ({
          name: "mock",
          get_info: () => mock.get_info(),
          list_models: () => mock.list_models(),
          parse_tool_calls: (response) => mock.parse_tool_calls(response),
          complete: (request, options) => mock.complete(request, options),
        }),
      });
      expect(await execute("hi")).toBe("whole answer");
      expect(recorder.get_events("content_block:delta").map((event) => event.data.delta)).toEqual(["whole answer"]);
      expect(recorder.get_events("content_block:end")).toHaveLength(1);
    });

    it("an immediate cancel mid-stream stops the deltas and stores no partial answer", async () => {
      let cancel: (() => Promise<void>) | undefined;
      const { coordinator, execute, history, recorder } = await setupLoop({
        loop: "loop-streaming",
        providerConfig: { stream_chunk_size: 2 },
        script: [{ text: "a long answer that will be cut" }],
        hooks: [{ event: "content_block:delta", handler: () => void cancel?.() }],
      });
      cancel = () => coordinator.request_cancel(true);
      await execute("talk");
      expect(recorder.get_events("content_block:delta")).toHaveLength(1);
      expect((await history()).map((message) => message.role)).toEqual(["user"]);
      expect(recorder.get_events("provider:error")).toEqual([]);
      expect(recorder.get_events("execution:end")[0]?.data).toMatchObject({ status: "cancelled" });
    });

    it("a stream that ends without a final response is a stream error", async () => {
      const { execute, recorder } = await setupLoop({
        loop: "loop-streaming",
        wrapProvider: (mock): Provider => ({
          name: "mock",
          get_info: () => mock.get_info(),
          list_models: () => mock.list_models(),
          parse_tool_calls: (response) => mock.parse_tool_calls(response),
          complete: (request, options) => mock.complete(request, options),
          async *stream() {
            yield { type: "text_delta", text: "partial" };
          },
        }),
      });
      await expect(execute("hi")).rejects.toMatchObject({ code: "provider_failed", data: { kind: "stream" } });
      expect(recorder.get_events("provider:error")[0]?.data).toMatchObject({
        error: { type: "StreamError", kind: "stream" },
      });
    });
  });
}
