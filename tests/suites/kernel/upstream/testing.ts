/** Ported conformance: the test doubles (python/amplifier_core/testing.py, crates/amplifier-core/src/testing.rs). */
import { describe, expect, it } from "vitest";
import {
  create_test_coordinator,
  EventRecorder,
  MockContextManager,
  MockCoordinator,
  MockTool,
  ScriptedOrchestrator,
  wait_for,
} from "../../../../src/testing/index.ts";
import { core } from "./source.ts";

const TESTING = "python/amplifier_core/testing.py";
const RUST = "crates/amplifier-core/src/testing.rs";

export function registerUpstreamTestingTests(): void {
  describe("upstream conformance: test doubles", () => {
    it(`${core(TESTING, "EventRecorder.get_events")} events are (event, data) pairs, filtered by name, copies of the data`, async () => {
      const recorder = new EventRecorder();
      const data = { n: 1 };
      expect((await recorder.emit("a", data)).action).toBe("continue");
      data.n = 2;
      await recorder.record("b", {});
      expect(recorder.get_events()).toEqual([
        ["a", { n: 1 }],
        ["b", {}],
      ]);
      const [event, recorded] = recorder.get_events("a")[0]!;
      expect([event, recorded]).toEqual(["a", { n: 1 }]);
      expect(JSON.stringify(recorder.events)).toBe('[["a",{"n":1}],["b",{}]]');
      recorder.clear();
      expect(recorder.get_events()).toEqual([]);
    });

    it(`${core(RUST, "fake_hook_handler_records_events")} a recorder's pairs also read as .event and .data`, async () => {
      const recorder = new EventRecorder();
      await recorder.emit("tool:pre", { tool_name: "bash" });
      expect([recorder.events[0]?.event, recorder.events[0]?.data]).toEqual(["tool:pre", { tool_name: "bash" }]);
    });

    it(`${core(TESTING, "create_test_coordinator")} the original's test coordinator: echo, fail and a mock context, in mount_points`, async () => {
      const coordinator = create_test_coordinator();
      expect(coordinator.session_id).toBe("test-session");
      expect(Object.keys(coordinator.mount_points.tools)).toEqual(["echo", "fail"]);
      expect(await coordinator.get("tools", "echo")?.execute({})).toEqual({ success: true, output: "Echo response" });
      expect(await coordinator.get("tools", "fail")?.execute({})).toEqual({ success: true, output: null });
      expect(coordinator.get("context")).toBeInstanceOf(MockContextManager);
    });

    it(`${core(TESTING, "MockTool")} MockTool(name, output) counts its calls; its description and schema are the original's`, async () => {
      const tool = new MockTool("echo", "Echo response");
      expect([tool.name, tool.description, tool.input_schema]).toEqual([
        "echo",
        "Mock tool: echo",
        { type: "object", properties: {} },
      ]);
      await tool.execute({ a: 1 });
      await tool.execute({ a: 2 });
      expect([tool.call_count, tool.calls]).toEqual([2, [{ a: 1 }, { a: 2 }]]);
      expect(await new MockTool().execute({})).toEqual({ success: true, output: "Success" });
    });

    it(`${core(RUST, "fake_context_manager_stores_messages")} MockContextManager starts from given messages and keeps a live list`, async () => {
      const context = new MockContextManager([{ role: "user", content: "seed" }]);
      await context.add_message({ role: "assistant", content: "reply" });
      expect(context.messages.map((message) => message.content)).toEqual(["seed", "reply"]);
      await context.clear();
      expect(await context.get_messages()).toEqual([]);
    });

    it(`${core(TESTING, "MockCoordinator")} MockCoordinator records mounts and unmounts, with the name used`, async () => {
      const coordinator = new MockCoordinator();
      const tool = new MockTool("t");
      await coordinator.mount("tools", tool);
      await coordinator.unmount("tools", "t");
      expect(coordinator.mount_history).toEqual([{ mount_point: "tools", name: "t", module: tool }]);
      expect(coordinator.unmount_history).toEqual([{ mount_point: "tools", name: "t", module: undefined }]);
    });

    it(`${core(TESTING, "ScriptedOrchestrator")} answers in order, then DONE, counting calls and recording the turn`, async () => {
      const coordinator = create_test_coordinator();
      const orchestrator = new ScriptedOrchestrator(["one", "two"]);
      const context = new MockContextManager();
      const run = (prompt: string) => orchestrator.execute(prompt, context, {}, {}, coordinator.hooks, { coordinator });
      expect([await run("a"), await run("b"), await run("c")]).toEqual(["one", "two", "DONE"]);
      expect([orchestrator.call_count, orchestrator.responses]).toEqual([3, ["one", "two"]]);
      expect(context.messages.map((message) => message.role)).toEqual([
        "user",
        "assistant",
        "user",
        "assistant",
        "user",
        "assistant",
      ]);
    });

    it(`${core(TESTING, "wait_for")} wait_for resolves true once the condition holds, and false after its timeout in seconds`, async () => {
      let ready = false;
      queueMicrotask(() => {
        ready = true;
      });
      expect(await wait_for(() => ready)).toBe(true);
      expect(await wait_for(() => false, 0.01)).toBe(false);
    });
  });
}
