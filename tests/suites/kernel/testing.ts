/** The public test doubles (amplifier-edge/testing) behave as documented. */
import { describe, expect, it } from "vitest";
import type { StreamEvent } from "../../../src/contracts.ts";
import { KernelError } from "../../../src/errors.ts";
import {
  createTestCoordinator,
  EventRecorder,
  MockContextManager,
  MockCoordinator,
  MockProvider,
  MockTool,
  ScriptedOrchestrator,
  textResponse,
  toolCallResponse,
  waitFor,
} from "../../../src/testing/index.ts";

export function registerTestingSuite(): void {
  describe("testing utilities", () => {
    it("MockCoordinator records mounts and unmounts", async () => {
      const coordinator = new MockCoordinator();
      const tool = new MockTool();
      await coordinator.mount("tools", tool);
      await coordinator.unmount("tools", "mock_tool");
      expect(coordinator.session_id).toBe("test-session");
      expect(coordinator.mount_history).toEqual([{ mount_point: "tools", name: "mock_tool", module: tool }]);
      expect(coordinator.unmount_history).toEqual([{ mount_point: "tools", name: "mock_tool", module: undefined }]);
    });

    it("MockTool counts calls and returns its output", async () => {
      const tool = new MockTool({ name: "test_tool", output: "mock result" });
      expect(await tool.execute({ a: 1 })).toEqual({ success: true, output: "mock result" });
      expect(tool.call_count).toBe(1);
      expect(tool.calls).toEqual([{ a: 1 }]);
      expect(tool.input_schema).toEqual({ type: "object", properties: {} });
    });

    it("createTestCoordinator has echo, fail and a recording context (with set_messages)", async () => {
      const coordinator = await createTestCoordinator();
      expect(await coordinator.get("tools", "echo")?.execute({ text: "hi" })).toEqual({
        success: true,
        output: { text: "hi" },
      });
      expect(await coordinator.get("tools", "fail")?.execute({})).toMatchObject({
        success: false,
        output: "Intentional failure",
      });
      const context = coordinator.get("context") as MockContextManager;
      await context.set_messages([{ role: "user", content: "restored" }]);
      expect(await context.get_messages()).toEqual([{ role: "user", content: "restored" }]);
      expect(context.calls.map((call) => call.method)).toEqual(["set_messages", "get_messages"]);
    });

    it("EventRecorder records copies and filters by event", async () => {
      const recorder = new EventRecorder();
      const data = { n: 1 };
      expect((await recorder.emit("a", data)).action).toBe("continue");
      data.n = 2;
      await recorder.emit("b", {});
      expect(recorder.get_events("a")).toEqual([["a", { n: 1 }]]);
      expect(recorder.get_events("a")[0]?.data).toEqual({ n: 1 });
      recorder.clear();
      expect(recorder.events).toEqual([]);
    });

    it("ScriptedOrchestrator answers in order then DONE, and takes the coordinator option", async () => {
      const coordinator = await createTestCoordinator();
      const orchestrator = new ScriptedOrchestrator(["one"]);
      const context = new MockContextManager();
      const run = (prompt: string) => orchestrator.execute(prompt, context, {}, {}, coordinator.hooks, { coordinator });
      expect([await run("a"), await run("b")]).toEqual(["one", "DONE"]);
      expect(orchestrator.calls[0]?.coordinator).toBe(coordinator);
    });

    it("MockProvider follows its script, records requests, and streams the same response", async () => {
      const provider = new MockProvider({
        responses: [toolCallResponse([["calc", { e: "1+1" }]]), "final answer"],
        whenExhausted: "error",
      });
      const first = await provider.complete({ messages: [{ role: "user", content: "q" }] });
      expect(provider.parse_tool_calls(first)).toEqual([{ id: "call_1", name: "calc", arguments: { e: "1+1" } }]);
      const events: StreamEvent[] = [];
      for await (const event of provider.stream({ messages: [] })) events.push(event);
      expect(
        events
          .filter((event) => event.type === "text_delta")
          .map((event) => (event as { text: string }).text)
          .join(""),
      ).toBe("final answer");
      expect(events.at(-1)).toEqual({ type: "done", response: textResponse("final answer") });
      expect(provider.requests).toHaveLength(2);
      await expect(provider.complete({ messages: [] })).rejects.toSatisfy((error: unknown) =>
        KernelError.is(error, "provider_failed"),
      );
      const aborted = new AbortController();
      aborted.abort();
      await expect(new MockProvider().complete({ messages: [] }, { signal: aborted.signal })).rejects.toThrow(
        /cancelled/,
      );
    });

    it("MockProvider parses tool calls from content blocks when tool_calls is absent", () => {
      const provider = new MockProvider();
      expect(
        provider.parse_tool_calls({ content: [{ type: "tool_call", id: "x", name: "t", input: { a: 1 } }] }),
      ).toEqual([{ id: "x", name: "t", arguments: { a: 1 } }]);
    });

    it("waitFor resolves when the condition holds and times out with a KernelError", async () => {
      let ready = false;
      queueMicrotask(() => {
        ready = true;
      });
      await waitFor(() => ready);
      await expect(waitFor(() => false, { timeout: 10 })).rejects.toSatisfy((error: unknown) =>
        KernelError.is(error, "timeout"),
      );
    });
  });
}
