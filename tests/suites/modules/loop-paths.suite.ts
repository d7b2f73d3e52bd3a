/** The agent loop's paths (reference §5), run for loop-basic and loop-streaming. */
import { describe, expect, it } from "vitest";
import { findToolPairingProblems } from "../../../src/testing/index.ts";
import { type LoopKind, scriptedTool, setupLoop } from "./loop-harness.ts";

const calculatorCall = (expression: unknown, id?: string) => ({
  ...(id ? { id } : {}),
  name: "calculator",
  arguments: { expression },
});

/** Registers the path tests for one loop. */
export function registerLoopPathSuite(loop: LoopKind): void {
  describe(`${loop}: paths of one turn`, () => {
    it("answers in one call: user and assistant stored, success events with their payloads", async () => {
      const { execute, history, recorder } = await setupLoop({ loop, script: [{ text: "Hello there." }] });
      expect(await execute("Hi")).toBe("Hello there.");
      expect(await history()).toEqual([
        { role: "user", content: "Hi" },
        { role: "assistant", content: [{ type: "text", text: "Hello there." }] },
      ]);
      const names = recorder.names();
      expect(names[0]).toBe("execution:start");
      expect(names.at(-1)).toBe("execution:end");
      expect(recorder.get_events("execution:start")[0]?.data).toMatchObject({ prompt: "Hi" });
      expect(recorder.get_events("prompt:submit")[0]?.data).toMatchObject({ prompt: "Hi" });
      expect(recorder.get_events("provider:request")[0]?.data).toMatchObject({ provider: "mock", iteration: 1 });
      expect(recorder.get_events("provider:response")[0]?.data).toMatchObject({
        provider: "mock",
        tool_calls: false,
        usage: { input_tokens: expect.any(Number), output_tokens: expect.any(Number) },
      });
      expect(recorder.get_events("content_block:end")[0]?.data).toMatchObject({
        block_index: 0,
        total_blocks: 1,
        block: { type: "text", text: "Hello there." },
      });
      expect(recorder.get_events("prompt:complete")[0]?.data).toMatchObject({
        response_preview: "Hello there.",
        length: 12,
      });
      expect(recorder.get_events("orchestrator:complete")[0]?.data).toMatchObject({
        orchestrator: loop,
        turn_count: 1,
        status: "success",
      });
      expect(recorder.get_events("execution:end")[0]?.data).toMatchObject({
        response: "Hello there.",
        status: "success",
      });
    });

    it("runs the calculator for an arithmetic question with no script (the offline default conversation)", async () => {
      const { execute, history, recorder } = await setupLoop({ loop });
      expect(await execute("What is 6 * 7?")).toBe("The answer is 42.");
      const stored = await history();
      expect(stored.map((message) => message.role)).toEqual(["user", "assistant", "tool", "assistant"]);
      expect(stored[1]?.tool_calls).toEqual([
        { id: "mock_call_1", tool: "calculator", arguments: { expression: "6 * 7" } },
      ]);
      expect(stored[2]).toEqual({
        role: "tool",
        tool_call_id: "mock_call_1",
        name: "calculator",
        content: "42",
        success: true,
      });
      const pre = recorder.get_events("tool:pre")[0]?.data;
      expect(pre).toMatchObject({
        tool_name: "calculator",
        tool_call_id: "mock_call_1",
        tool_input: { expression: "6 * 7" },
        parallel_group_id: "id-1",
      });
      expect(recorder.get_events("tool:post")[0]?.data).toMatchObject({
        ...pre,
        result: { success: true, output: "42" },
      });
      expect(recorder.get_events("provider:request").map((event) => event.data.iteration)).toEqual([1, 2]);
      expect(recorder.get_events("orchestrator:complete")[0]?.data).toMatchObject({ turn_count: 2, status: "success" });
    });

    it("runs parallel calls under one parallel_group_id and stores results in call order, not finish order", async () => {
      const finishOrder: string[] = [];
      let releaseSlow!: () => void;
      const slow = scriptedTool(
        "slow",
        () =>
          new Promise((resolve) => {
            releaseSlow = () => {
              finishOrder.push("slow");
              resolve({ output: "slow done" });
            };
          }),
      );
      const fast = scriptedTool("fast", async () => {
        finishOrder.push("fast");
        releaseSlow();
        return { output: "fast done" };
      });
      const { execute, history, recorder } = await setupLoop({
        loop,
        tools: [slow, fast],
        script: [
          {
            tool_calls: [
              { id: "a", name: "slow", arguments: {} },
              { id: "b", name: "fast", arguments: {} },
            ],
          },
          { text: "both done" },
        ],
      });
      await execute("go");
      expect(finishOrder).toEqual(["fast", "slow"]);
      const stored = await history();
      expect(stored.slice(2, 4).map((message) => [message.tool_call_id, message.content])).toEqual([
        ["a", "slow done"],
        ["b", "fast done"],
      ]);
      const groups = new Set(recorder.get_events("tool:pre").map((event) => event.data.parallel_group_id));
      expect(groups.size).toBe(1);
      expect(findToolPairingProblems(stored)).toEqual([]);
    });

    it("a tool:pre deny stores 'Denied by hook' and never runs the tool", async () => {
      const tool = scriptedTool("danger", async () => ({ output: "ran" }));
      const { execute, history } = await setupLoop({
        loop,
        tools: [tool],
        script: [{ tool_calls: [{ id: "c1", name: "danger", arguments: {} }] }, { text: "ok" }],
        hooks: [{ event: "tool:pre", handler: () => ({ action: "deny", reason: "not on weekends" }) }],
      });
      await execute("do it");
      expect(tool.calls).toEqual([]);
      expect((await history())[2]).toMatchObject({
        role: "tool",
        tool_call_id: "c1",
        content: "Denied by hook: not on weekends",
      });
    });

    it("an unknown tool gets 'Error: Tool ... not found' and a tool:error event", async () => {
      const { execute, history, recorder } = await setupLoop({
        loop,
        script: [{ tool_calls: [{ id: "u1", name: "teleport", arguments: { to: "mars" } }] }, { text: "sorry" }],
      });
      await execute("go to mars");
      expect((await history())[2]).toMatchObject({ tool_call_id: "u1", content: "Error: Tool 'teleport' not found" });
      expect(recorder.get_events("tool:error")[0]?.data).toMatchObject({
        tool_name: "teleport",
        tool_call_id: "u1",
        parallel_group_id: "id-1",
        error: { type: "tool_not_found", msg: "Error: Tool 'teleport' not found" },
      });
    });

    it("input that breaks the input_schema becomes a readable tool error and execute is not called", async () => {
      const tool = scriptedTool("greet", async () => ({ output: "hi" }), {
        type: "object",
        properties: { name: { type: "string" }, times: { type: "integer", minimum: 1 } },
        required: ["name"],
      });
      const { execute, history, recorder } = await setupLoop({
        loop,
        tools: [tool],
        script: [{ tool_calls: [{ id: "g1", name: "greet", arguments: { times: 0 } }] }, { text: "fixed" }],
      });
      await execute("greet");
      expect(tool.calls).toEqual([]);
      const content = String((await history())[2]?.content);
      expect(content).toContain("Invalid input for tool 'greet'");
      expect(content).toContain('required property "name"');
      expect(content).toContain("input.times");
      expect(recorder.get_events("tool:error")[0]?.data).toMatchObject({ error: { type: "invalid_input" } });
    });

    it("arguments that are not an object (a malformed tool call) become an invalid-input result", async () => {
      const { execute, history } = await setupLoop({
        loop,
        script: [{ tool_calls: [{ id: "m1", name: "calculator", arguments: "6*7" }] }, { text: "hmm" }],
      });
      await execute("calc");
      expect(String((await history())[2]?.content)).toMatch(
        /Invalid input for tool 'calculator': the arguments must be a JSON object/,
      );
    });

    it("a tool that throws becomes 'Error executing tool' with a tool:error event; the turn goes on", async () => {
      const tool = scriptedTool("flaky", async () => {
        throw new TypeError("disk on fire");
      });
      const { execute, history, recorder } = await setupLoop({
        loop,
        tools: [tool],
        script: [{ tool_calls: [{ id: "f1", name: "flaky", arguments: {} }] }, { text: "recovered" }],
      });
      expect(await execute("try")).toBe("recovered");
      expect((await history())[2]?.content).toBe("Error executing tool: disk on fire");
      expect(recorder.get_events("tool:error")[0]?.data).toMatchObject({
        error: { type: "TypeError", msg: "Error executing tool: disk on fire" },
      });
    });

    it("a tool:post modify replaces what the model reads; the hook saw the real ToolResult", async () => {
      let seenByHook: unknown;
      const { execute, history } = await setupLoop({
        loop,
        script: [{ tool_calls: [calculatorCall("2+2", "p1")] }, { text: "done" }],
        hooks: [
          {
            event: "tool:post",
            handler: (_event, data) => {
              seenByHook = data.result;
              return { action: "modify", data: { ...data, result: "[redacted]" } };
            },
          },
        ],
      });
      await execute("2+2");
      expect((await history())[2]?.content).toBe("[redacted]");
      expect(seenByHook).toMatchObject({ success: true, output: "4" });
    });

    it("ephemeral injections are spliced into the next request only; append_to_last_tool_result extends the tool message", async () => {
      const { execute, history, mock } = await setupLoop({
        loop,
        script: [{ tool_calls: [calculatorCall("1+1", "e1")] }, { text: "two" }],
        hooks: [
          {
            event: "tool:post",
            handler: () => ({
              action: "inject_context",
              context_injection: "lint: 0 warnings",
              ephemeral: true,
              append_to_last_tool_result: true,
            }),
          },
          {
            event: "provider:request",
            handler: () => ({
              action: "inject_context",
              context_injection: "Today is Monday.",
              ephemeral: true,
              context_injection_role: "user",
            }),
          },
        ],
      });
      await execute("1+1");
      const second = mock.requests[1]!.messages;
      expect(second.at(-2)).toMatchObject({ role: "tool", content: "2\n\nlint: 0 warnings" });
      expect(second.at(-1)).toMatchObject({ role: "user", content: "Today is Monday." });
      expect(mock.requests[0]!.messages.at(-1)).toMatchObject({ role: "user", content: "Today is Monday." });
      const stored = await history();
      expect(stored[2]?.content).toBe("2");
      expect(JSON.stringify(stored)).not.toContain("Monday");
    });

    it("a stored tool:post injection lands after the tool results (the original puts it between call and result)", async () => {
      const { execute, history } = await setupLoop({
        loop,
        script: [{ tool_calls: [calculatorCall("1", "n1"), calculatorCall("2", "n2")] }, { text: "ok" }],
        hooks: [
          { event: "tool:post", handler: () => ({ action: "inject_context", context_injection: "remember this" }) },
        ],
      });
      await execute("go");
      const stored = await history();
      expect(stored.map((message) => message.role)).toEqual([
        "user",
        "assistant",
        "tool",
        "tool",
        "system",
        "system",
        "assistant",
      ]);
      expect(findToolPairingProblems(stored)).toEqual([]);
    });

    it("a prompt:submit deny returns 'Operation denied' and stores nothing", async () => {
      const { execute, history, recorder } = await setupLoop({
        loop,
        hooks: [{ event: "prompt:submit", handler: () => ({ action: "deny", reason: "quota used up" }) }],
      });
      expect(await execute("hi")).toBe("Operation denied: quota used up");
      expect(await history()).toEqual([]);
      expect(recorder.get_events("execution:end")[0]?.data).toMatchObject({ status: "denied" });
      expect(recorder.get_events("provider:request")).toEqual([]);
    });

    it("ask_user on tool:pre goes to the approval system: Deny denies, Allow runs", async () => {
      const { ScriptedApproval } = await import("../../../src/testing/index.ts");
      const approval = new ScriptedApproval(["Deny", "Allow"]);
      const { execute, history } = await setupLoop({
        loop,
        approval,
        script: [
          { tool_calls: [calculatorCall("1+2", "a1")] },
          { tool_calls: [calculatorCall("3+4", "a2")] },
          { text: "done" },
        ],
        hooks: [{ event: "tool:pre", handler: () => ({ action: "ask_user", approval_prompt: "Run the calculator?" }) }],
      });
      await execute("twice");
      const stored = await history();
      expect(stored[2]?.content).toBe("Denied by hook: User denied: Run the calculator?");
      expect(stored[4]?.content).toBe("7");
      expect(approval.requests.map((request) => request.prompt)).toEqual([
        "Run the calculator?",
        "Run the calculator?",
      ]);
      // The approval system learns which call it is asked about, so a UI can show the question on it.
      expect(approval.requests.map((request) => request.asker)).toEqual([
        expect.objectContaining({ event: "tool:pre", tool_call_id: "a1", tool_name: "calculator" }),
        expect.objectContaining({ event: "tool:pre", tool_call_id: "a2", tool_name: "calculator" }),
      ]);
    });

    it("max_iterations: one wrap-up call with max_reached, the loop-limit reminder and no tool use; status incomplete", async () => {
      const { execute, history, recorder, mock } = await setupLoop({
        loop,
        loopConfig: { max_iterations: 2 },
        providerConfig: { when_exhausted: "repeat_last" },
        script: [{ text: "again", tool_calls: [calculatorCall("1+1")] }],
      });
      expect(await execute("loop forever")).toBe("again");
      const requests = recorder.get_events("provider:request").map((event) => event.data);
      expect(requests.map((data) => [data.iteration, data.max_reached])).toEqual([
        [1, undefined],
        [2, undefined],
        [3, true],
      ]);
      const last = mock.requests[2]!;
      expect(last.tool_choice).toBe("none");
      expect(String(last.messages.at(-1)?.content)).toContain('source="orchestrator-loop-limit"');
      const stored = await history();
      expect(findToolPairingProblems(stored)).toEqual([]);
      expect(String(stored.at(-1)?.content)).toContain("Not executed: the iteration limit");
      expect(JSON.stringify(stored)).not.toContain("orchestrator-loop-limit");
      expect(recorder.get_events("orchestrator:complete")[0]?.data).toMatchObject({
        status: "incomplete",
        turn_count: 3,
      });
      expect(recorder.get_events("execution:end")[0]?.data).toMatchObject({ status: "incomplete" });
    });

    it("default_provider picks the named provider; otherwise the lowest priority wins", async () => {
      const { coordinator, execute, mock } = await setupLoop({
        loop,
        script: [{ text: "from mock" }],
        loopConfig: { default_provider: "mock" },
      });
      const { MockProvider, mockProviderConfigSchema } = await import("../../../src/modules/provider-mock/index.ts");
      const other = new MockProvider(
        mockProviderConfigSchema.parse({ name: "other", priority: 1, script: [{ text: "from other" }] }),
      );
      await coordinator.mount("providers", other, { name: "other" });
      expect(await execute("who?")).toBe("from mock");
      expect(mock.requests).toHaveLength(1);
      expect(other.requests).toHaveLength(0);
    });

    it("with no provider mounted, fails with no_provider and still emits execution:end (the original skips it)", async () => {
      const { coordinator, execute, recorder } = await setupLoop({ loop });
      await coordinator.unmount("providers", { name: "mock" });
      await expect(execute("hi")).rejects.toMatchObject({ code: "no_provider" });
      expect(recorder.get_events("execution:start")).toHaveLength(1);
      expect(recorder.get_events("execution:end")[0]?.data).toMatchObject({ status: "error" });
      expect(recorder.get_events("orchestrator:complete")[0]?.data).toMatchObject({ status: "error" });
    });
  });
}
