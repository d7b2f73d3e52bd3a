/** Cancellation and provider failures in the agent loop, for loop-basic and loop-streaming. */
import { describe, expect, it } from "vitest";
import type { Provider } from "../../../src/contracts.ts";
import { llmError } from "../../../src/models/index.ts";
import { findToolPairingProblems, waitFor } from "../../../src/testing/index.ts";
import { blockingTool, deferred, type LoopKind, scriptedTool, setupLoop } from "./loop-harness.ts";

/** Registers the cancellation and error tests for one loop. */
export function registerLoopCancelSuite(loop: LoopKind): void {
  describe(`${loop}: cancellation and provider errors`, () => {
    it("emits execution:start and execution:end on every exit path (the original loop-basic skips them)", async () => {
      const paths: Array<[string, Parameters<typeof setupLoop>[0]]> = [
        ["success", { script: [{ text: "hi" }] }],
        ["denied", { hooks: [{ event: "prompt:submit", handler: () => ({ action: "deny", reason: "no" }) }] }],
        ["incomplete", { loopConfig: { max_iterations: 0 }, script: [{ text: "wrap-up" }] }],
        ["error", { script: [{ error: { kind: "unavailable" } }] }],
      ];
      for (const [status, setup] of paths) {
        const { execute, recorder } = await setupLoop({ loop, ...setup });
        await execute("x").catch(() => undefined);
        expect(recorder.names().filter((name) => name.startsWith("execution:"))).toEqual([
          "execution:start",
          "execution:end",
        ]);
        expect(recorder.get_events("execution:end")[0]?.data.status).toBe(status);
      }
    });

    it("an immediate cancel during parallel tool calls stores one result per call, in order, then closes the turn", async () => {
      const bothStarted = deferred();
      let started = 0;
      const onStart = () => {
        if (++started === 2) bothStarted.resolve();
      };
      const quick = scriptedTool("quick", async () => ({ output: "quick result" }));
      const { coordinator, execute, history, recorder } = await setupLoop({
        loop,
        tools: [blockingTool("wait_a", onStart), quick, blockingTool("wait_b", onStart)],
        script: [
          {
            text: "working",
            tool_calls: [
              { id: "t1", name: "wait_a", arguments: {} },
              { id: "t2", name: "quick", arguments: {} },
              { id: "t3", name: "wait_b", arguments: {} },
            ],
          },
          { text: "never reached" },
        ],
      });
      const running = execute("do three things");
      await bothStarted.promise;
      // The quick call has finished (hooks included) once only the two waiting calls are running.
      await waitFor(() => coordinator.cancellation.running_tool_names.join() === "wait_a,wait_b");
      await coordinator.request_cancel(true);
      expect(await running).toBe("working");
      const stored = await history();
      expect(stored.map((message) => message.role)).toEqual(["user", "assistant", "tool", "tool", "tool", "assistant"]);
      expect(stored.slice(2, 5).map((message) => message.tool_call_id)).toEqual(["t1", "t2", "t3"]);
      expect(stored[3]?.content).toBe("quick result");
      for (const index of [2, 4]) {
        expect(JSON.parse(String(stored[index]?.content))).toMatchObject({
          cancelled: true,
          error: "Tool execution was cancelled by user",
        });
      }
      expect(stored[5]).toMatchObject({ role: "assistant", metadata: { cancelled: true } });
      expect(findToolPairingProblems(stored)).toEqual([]);
      expect(recorder.get_events("cancel:requested")[0]?.data).toMatchObject({
        orchestrator: loop,
        state: "immediate",
        turn_count: 1,
      });
      expect(recorder.get_events("cancel:completed")[0]?.data).toMatchObject({ was_immediate: true });
      expect(recorder.get_events("orchestrator:complete")[0]?.data).toMatchObject({ status: "cancelled" });
      expect(recorder.get_events("execution:end")[0]?.data).toMatchObject({ status: "cancelled" });
      expect(recorder.get_events("provider:request")).toHaveLength(1);
      expect(coordinator.cancellation.running_tools.size).toBe(0);
    });

    it("a graceful cancel lets running tools finish, stores their results, and stops before the next model call", async () => {
      const release = deferred();
      const toolStarted = deferred();
      const tool = scriptedTool("work", async () => {
        toolStarted.resolve();
        await release.promise;
        return { output: "finished anyway" };
      });
      const { coordinator, execute, history, recorder } = await setupLoop({
        loop,
        tools: [tool],
        script: [{ tool_calls: [{ id: "w1", name: "work", arguments: {} }] }, { text: "never" }],
      });
      const running = execute("work");
      await toolStarted.promise;
      await coordinator.request_cancel(false);
      release.resolve();
      await running;
      const stored = await history();
      expect(stored.at(-1)).toMatchObject({ role: "tool", tool_call_id: "w1", content: "finished anyway" });
      expect(recorder.get_events("provider:request")).toHaveLength(1);
      expect(recorder.get_events("cancel:requested")[0]?.data).toMatchObject({ state: "graceful" });
      expect(recorder.get_events("cancel:completed")[0]?.data).toMatchObject({ was_immediate: false });
      expect(recorder.names().slice(-3)).toEqual(["cancel:completed", "orchestrator:complete", "execution:end"]);
    });

    it("an immediate cancel while the model is answering stops the call and stores no answer", async () => {
      const callStarted = deferred();
      const { coordinator, execute, history, recorder } = await setupLoop({
        loop,
        wrapProvider: (mock): Provider => ({
          name: "mock",
          get_info: () => mock.get_info(),
          list_models: () => mock.list_models(),
          parse_tool_calls: (response) => mock.parse_tool_calls(response),
          complete: (_request, options) =>
            new Promise((_resolve, reject) => {
              callStarted.resolve();
              options?.signal?.addEventListener("abort", () => reject(llmError("aborted", "mock: aborted")), {
                once: true,
              });
            }),
        }),
      });
      const running = execute("slow question");
      await callStarted.promise;
      await coordinator.request_cancel(true);
      await running;
      expect((await history()).map((message) => message.role)).toEqual(["user"]);
      expect(recorder.get_events("provider:error")).toEqual([]);
      expect(recorder.get_events("execution:end")[0]?.data).toMatchObject({ status: "cancelled" });
    });

    it("the host's AbortSignal cancels the turn like an immediate cancel", async () => {
      const controller = new AbortController();
      const started = deferred();
      const { execute, history } = await setupLoop({
        loop,
        tools: [blockingTool("hang", () => started.resolve())],
        script: [{ tool_calls: [{ id: "h1", name: "hang", arguments: {} }] }],
      });
      const running = execute("hang", controller.signal);
      await started.promise;
      controller.abort();
      await running;
      expect(findToolPairingProblems(await history())).toEqual([]);
    });

    it("a provider error mid-turn emits provider:error, rethrows the LLM error and leaves a well-paired history", async () => {
      const { execute, history, recorder } = await setupLoop({
        loop,
        script: [
          { tool_calls: [{ id: "r1", name: "calculator", arguments: { expression: "2^10" } }] },
          { error: { kind: "rate_limit", retry_after: 2 } },
        ],
      });
      const failure = await execute("big number").catch((error: unknown) => error);
      expect(failure).toMatchObject({
        code: "provider_failed",
        data: { kind: "rate_limit", retry_after: 2, retryable: true },
      });
      const stored = await history();
      expect(stored.map((message) => message.role)).toEqual(["user", "assistant", "tool"]);
      expect(stored[2]?.content).toBe("1024");
      expect(findToolPairingProblems(stored)).toEqual([]);
      expect(recorder.get_events("provider:error")[0]?.data).toMatchObject({
        provider: "mock",
        error: { type: "RateLimitError", kind: "rate_limit", msg: expect.stringContaining("rate limited") },
        retryable: true,
      });
      expect(recorder.get_events("orchestrator:complete")[0]?.data).toMatchObject({ status: "error" });
      expect(recorder.get_events("execution:end")[0]?.data).toMatchObject({ status: "error" });
    });

    it("a context-length error is not retryable and names its kind", async () => {
      const { execute, recorder } = await setupLoop({ loop, script: [{ error: { kind: "context_length" } }] });
      await expect(execute("huge")).rejects.toMatchObject({ data: { kind: "context_length", retryable: false } });
      expect(recorder.get_events("provider:error")[0]?.data).toMatchObject({
        error: { type: "ContextLengthError", kind: "context_length" },
        retryable: false,
      });
    });

    it("a malformed tool call error from the provider surfaces as invalid_tool_call", async () => {
      const { execute } = await setupLoop({ loop, script: [{ error: { kind: "invalid_tool_call" } }] });
      await expect(execute("x")).rejects.toMatchObject({ data: { kind: "invalid_tool_call" } });
    });

    it("a provider that throws a plain Error is reported as provider_failed with the cause kept", async () => {
      const { execute } = await setupLoop({
        loop,
        wrapProvider: (mock): Provider => ({
          name: "mock",
          get_info: () => mock.get_info(),
          list_models: () => mock.list_models(),
          parse_tool_calls: () => [],
          complete: async () => {
            throw new Error("socket hang up");
          },
        }),
      });
      const failure = (await execute("x").catch((error: unknown) => error)) as {
        code?: string;
        cause?: unknown;
        message?: string;
      };
      expect(failure.code).toBe("provider_failed");
      expect(failure.message).toContain("socket hang up");
      expect(failure.cause).toBeInstanceOf(Error);
    });
  });
}
