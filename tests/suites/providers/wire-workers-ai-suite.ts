/**
 * provider-workers-ai against the binding streams recorded in cloudflare/ai's tests
 * (`tests/fixtures/provider-wire/workers-ai`), replayed by the binding double in any runtime.
 */
import { describe, expect, it } from "vitest";
import type { StreamEvent } from "../../../src/models/index.ts";
import { createWorkersAiProvider } from "../../../src/modules/provider-workers-ai/index.ts";
import { recordedEvents, WIRE } from "../../fixtures/providers/wire.ts";
import { ReplayBinding } from "./binding-replay.ts";
import { collect } from "./harness.ts";

type Done = Extract<StreamEvent, { type: "done" }>;

async function replay(stream: string) {
  const binding = new ReplayBinding([{ model: "@cf/meta/llama-3.3-70b-instruct-fp8-fast", inputs: {}, stream }]);
  const provider = createWorkersAiProvider({ binding, max_retries: 0 }, { newId: () => "call_made_up" });
  const events = await collect(provider.stream!({ messages: [{ role: "user", content: "Replay." }] }));
  return (events.at(-1) as Done).response;
}

/** The data lines of an SSE body as JSON (the bare `[DONE]` line is not one). */
function dataOf(stream: string): Record<string, unknown>[] {
  return recordedEvents(
    stream
      .split("\n")
      .filter((line) => line.startsWith("data: {"))
      .map((line) => line.slice(6))
      .join("\n"),
  );
}

/** Registers the suite; `runtime` names where it runs. */
export function registerWorkersAiWireSuite(runtime: string): void {
  describe(`provider-workers-ai on recorded binding streams (${runtime})`, () => {
    it("reads a chat-chunk stream with reasoning that ends with a bare [DONE] line, not data: [DONE]", async () => {
      const response = await replay(WIRE.workersAiReasoning);
      const deltas = dataOf(WIRE.workersAiReasoning).flatMap((chunk) =>
        (chunk.choices as { delta: Record<string, string> }[]).map((choice) => choice.delta),
      );
      const reasoning = deltas.map((delta) => delta.reasoning_content ?? "").join("");
      const text = deltas.map((delta) => delta.content ?? "").join("");
      expect(response.content).toEqual([
        { type: "thinking", thinking: reasoning },
        { type: "text", text },
      ]);
      expect(response.usage).toMatchObject({ input_tokens: 13, output_tokens: 1022 });
    });

    it("reads a native tool call with its id", async () => {
      const response = await replay(WIRE.workersAiToolCall);
      expect(response.tool_calls).toEqual([{ id: "call123", name: "get_weather", arguments: { location: "London" } }]);
      expect(response.finish_reason).toBe("tool_calls");
    });

    it("reads text next to an unknown p field and an empty tool_calls list", async () => {
      const response = await replay(WIRE.workersAiTextWithP);
      expect(response.text).toBe("Hello chunk1");
      expect(response.tool_calls).toBeUndefined();
    });
  });
}
