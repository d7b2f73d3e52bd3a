/** §11.3 pairing, §11.4 tools never throw, §11.6 ephemeral injections, §11.7 compaction view, §11.8 cancellation, §11.10 events. */
import { describe, expect, it } from "vitest";
import { CancellationToken } from "../../../src/cancellation.ts";
import type { HookRegistryContract, ModuleDefinition } from "../../../src/contracts.ts";
import { ModuleCoordinator } from "../../../src/coordinator.ts";
import { KernelError } from "../../../src/errors.ts";
import * as events from "../../../src/hooks/events.ts";
import { HookRegistry } from "../../../src/hooks/registry.ts";
import { normalizeToolResult, serializeToolOutput, toolResult } from "../../../src/models/index.ts";
import { createSession } from "../../../src/session.ts";
import {
  EventRecorder,
  findToolPairingProblems,
  InMemoryContextManager,
  MockProvider,
  scriptedProviderModule,
  toolCallResponse,
} from "../../../src/testing/index.ts";
import {
  calculatorSeedModule,
  SimpleContext,
  simpleContextSeedModule,
  simpleOrchestratorSeedModule,
} from "./seed-modules.ts";

export function registerMiscConformance(): void {
  describe("§11.3 tool-call pairing invariant", () => {
    it("accepts a conversation where each call has one result, in order, after its assistant message", () => {
      expect(
        findToolPairingProblems([
          { role: "user", content: "q" },
          {
            role: "assistant",
            content: "",
            tool_calls: [
              { id: "a", tool: "t", arguments: {} },
              { id: "b", tool: "t", arguments: {} },
            ],
          },
          { role: "tool", tool_call_id: "a", content: "1" },
          { role: "tool", tool_call_id: "b", content: "2" },
          { role: "assistant", content: "done" },
        ]),
      ).toEqual([]);
    });

    it("finds missing, reordered and orphaned results", () => {
      const problems = findToolPairingProblems([
        {
          role: "assistant",
          content: "",
          tool_calls: [
            { id: "a", tool: "t", arguments: {} },
            { id: "b", tool: "t", arguments: {} },
          ],
        },
        { role: "tool", tool_call_id: "b", content: "2" },
        { role: "user", content: "interrupt" },
        { role: "tool", tool_call_id: "zzz", content: "?" },
      ]);
      expect(problems.map((problem) => problem.problem)).toEqual([
        "tool result b out of call order (expected a)",
        "missing tool results for a (assistant message 0)",
        "tool result zzz answers no pending call",
      ]);
    });

    it("holds through a session on the deny, unknown-tool and tool-error paths", async () => {
      const provider: ModuleDefinition = {
        id: "provider-script",
        type: "provider",
        mount: async (coordinator) =>
          coordinator.mount(
            "providers",
            new MockProvider({
              responses: [
                toolCallResponse([
                  ["calculator", { expression: "6*7" }],
                  ["calculator", { expression: "1/0" }],
                  ["missing_tool", {}],
                  ["calculator", { expression: "2+2" }],
                ]),
                "All done",
              ],
            }),
          ),
      };
      const session = createSession(
        {
          session: { orchestrator: "loop-simple-seed", context: "context-simple-seed" },
          providers: [{ module: "provider-script" }],
          tools: [{ module: "tool-calculator-seed" }],
        },
        { modules: [provider, calculatorSeedModule, simpleContextSeedModule, simpleOrchestratorSeedModule] },
      );
      session.coordinator.hooks.register("tool:pre", (_event, data) =>
        (data.tool_input as { expression?: string }).expression === "2+2"
          ? { action: "deny", reason: "too easy" }
          : undefined,
      );
      expect(await session.execute("compute")).toBe("All done");
      const messages = await session.coordinator.get("context")!.get_messages();
      expect(findToolPairingProblems(messages)).toEqual([]);
      expect(messages.filter((message) => message.role === "tool").map((message) => message.content)).toEqual([
        "42",
        "division by zero",
        "Error: Tool 'missing_tool' not found",
        "Denied by hook: too easy",
      ]);
    });
  });

  describe("§11.4 tools never throw; ToolResult serialization", () => {
    it("a failure with no output takes error.message as output", () => {
      expect(toolResult({ success: false, error: { message: "nope" } })).toEqual({
        success: false,
        error: { message: "nope" },
        output: "nope",
      });
      expect(toolResult({ success: false, output: "kept", error: { message: "nope" } }).output).toBe("kept");
      expect(toolResult()).toEqual({ success: true });
    });

    it("serializes like get_serialized_output()", () => {
      expect(serializeToolOutput({ output: { a: [1, 2] } })).toBe('{"a":[1,2]}');
      expect(serializeToolOutput({ output: [1, "x"] })).toBe('[1,"x"]');
      expect(serializeToolOutput({ output: 42 })).toBe("42");
      expect(serializeToolOutput({ output: "bad\u0000text\ud800" })).toBe("badtext");
      expect(serializeToolOutput({ success: false, error: { message: "boom" } })).toBe("Error: boom");
      expect(serializeToolOutput({ success: false })).toBe("Failed");
      expect(serializeToolOutput({ success: true })).toBe("Success");
      expect(serializeToolOutput({ output: { big: 10n } as never })).toBe('{"big":"10"}');
    });

    it("normalizes whatever a tool returned into a ToolResult, never throwing", () => {
      expect(normalizeToolResult({ output: "ok" })).toEqual({ success: true, output: "ok" });
      expect(normalizeToolResult({ success: "yes" }, "calc")).toMatchObject({
        success: false,
        error: { type: "invalid_result" },
        output: expect.stringContaining("calc returned an invalid result: success"),
      });
      expect(normalizeToolResult(undefined).success).toBe(false);
      expect(normalizeToolResult({ success: false, error: null }).success).toBe(false);
    });
  });

  describe("§11.6 ephemeral injections (kernel side)", () => {
    it("ephemeral injections are returned for splicing and never stored; stored ones go in before the caller continues", async () => {
      const coordinator = new ModuleCoordinator();
      const context = new InMemoryContextManager();
      await coordinator.mount("context", context);
      const ephemeral = await coordinator.process_hook_result(
        { action: "inject_context", context_injection: "lint ok", ephemeral: true, append_to_last_tool_result: true },
        "tool:post",
      );
      expect(ephemeral).toMatchObject({
        ephemeral: true,
        append_to_last_tool_result: true,
        context_injection: "lint ok",
      });
      await coordinator.process_hook_result({ action: "inject_context", context_injection: "stored" }, "tool:post");
      expect((await context.get_messages()).map((message) => message.content)).toEqual(["stored"]);
    });

    it("append_to_last_tool_result is ORed across merged injections while ephemeral comes from the first", async () => {
      const hooks = new HookRegistry();
      hooks.register("tool:post", () => ({ action: "inject_context", context_injection: "a", ephemeral: false }));
      hooks.register("tool:post", () => ({
        action: "inject_context",
        context_injection: "b",
        ephemeral: true,
        append_to_last_tool_result: true,
      }));
      expect(await hooks.emit("tool:post", {})).toMatchObject({
        context_injection: "a\n\nb",
        ephemeral: false,
        append_to_last_tool_result: true,
      });
    });
  });

  describe("§11.7 non-destructive compaction (the contract a context honours)", () => {
    it("get_messages_for_request returns a compacted view while get_messages keeps the full history", async () => {
      const context = new SimpleContext({});
      await context.add_message({ role: "system", content: "rules" });
      for (let index = 0; index < 20; index++)
        await context.add_message({ role: "user", content: `message ${index} ${"x".repeat(40)}` });
      const view = await context.get_messages_for_request({ token_budget: 100 });
      expect(view.length).toBeLessThan(21);
      expect(view[0]).toEqual({ role: "system", content: "rules" });
      expect(await context.get_messages()).toHaveLength(21);
    });
  });

  describe("§11.8 cancellation", () => {
    it("moves none → graceful → immediate, never back, and reports whether it changed", () => {
      const token = new CancellationToken();
      expect(token.state).toBe("none");
      expect(token.request_graceful()).toBe(true);
      expect(token.request_graceful()).toBe(false);
      expect(token.is_graceful && token.is_cancelled).toBe(true);
      expect(token.request_immediate()).toBe(true);
      expect(token.request_graceful()).toBe(false);
      expect(token.request_immediate()).toBe(false);
      expect(token.state).toBe("immediate");
    });

    it("propagates to a child token, and a child registered late gets the current state", () => {
      const parent = new CancellationToken();
      const child = new CancellationToken();
      const grandchild = new CancellationToken();
      parent.register_child(child);
      child.register_child(grandchild);
      parent.request_graceful();
      expect([child.state, grandchild.state]).toEqual(["graceful", "graceful"]);
      parent.request_immediate();
      expect(grandchild.is_immediate).toBe(true);
      const late = new CancellationToken();
      parent.register_child(late);
      expect(late.is_immediate).toBe(true);
      const detached = new CancellationToken();
      const other = new CancellationToken();
      other.register_child(detached);
      other.unregister_child(detached);
      other.request_immediate();
      expect(detached.state).toBe("none");
    });

    it("the signal aborts on immediate only (a graceful stop lets running tools finish); reset gives a fresh one", () => {
      const token = new CancellationToken();
      const signal = token.signal;
      token.request_graceful();
      expect(signal.aborted).toBe(false);
      token.request_immediate();
      expect(signal.aborted).toBe(true);
      expect(KernelError.is(signal.reason, "cancelled")).toBe(true);
      token.reset();
      expect(token.state).toBe("none");
      expect(token.signal.aborted).toBe(false);
    });

    it("tracks running tools and runs callbacks on trigger, reporting ones that throw", async () => {
      const errors: unknown[] = [];
      const token = new CancellationToken({ onCallbackError: (error) => errors.push(error) });
      token.register_tool_start("c1", "bash");
      token.register_tool_start("c2", "web_fetch");
      token.register_tool_complete("c1");
      expect([...token.running_tools]).toEqual(["c2"]);
      expect(token.running_tool_names).toEqual(["web_fetch"]);
      const log: string[] = [];
      token.on_cancel(() => {
        throw new Error("bad callback");
      });
      const off = token.on_cancel(() => {
        log.push("removed");
      });
      token.on_cancel(async () => {
        log.push("ran");
      });
      off();
      await token.trigger_callbacks();
      expect(log).toEqual(["ran"]);
      expect(errors).toHaveLength(1);
      token.reset();
      expect(token.running_tool_names).toEqual([]);
    });

    it("request_cancel only flips the state (orchestrators emit the cancel events)", async () => {
      const coordinator = new ModuleCoordinator();
      const recorder = new EventRecorder();
      recorder.attach(coordinator.hooks);
      await coordinator.request_cancel();
      expect(coordinator.cancellation.is_graceful).toBe(true);
      await coordinator.request_cancel(true);
      expect(coordinator.cancellation.is_immediate).toBe(true);
      expect(recorder.events).toEqual([]);
    });

    it("aborting execute's signal cancels the turn immediately and emits cancel:completed; the next turn starts fresh", async () => {
      const loop: ModuleDefinition = {
        id: "loop-waits",
        type: "orchestrator",
        mount: async (coordinator) =>
          coordinator.mount("orchestrator", {
            execute: (
              prompt: string,
              _c: unknown,
              _pr: unknown,
              _t: unknown,
              _h: unknown,
              options: { signal?: AbortSignal },
            ) =>
              new Promise<string>((resolve, reject) => {
                if (prompt === "second") return resolve(options.signal?.aborted ? "stale signal" : "fresh signal");
                options.signal?.addEventListener("abort", () => reject(options.signal?.reason), { once: true });
                queueMicrotask(() => controller.abort());
              }),
          }),
      };
      const controller = new AbortController();
      const session = createSession(
        {
          session: { orchestrator: "loop-waits", context: "context-simple-seed" },
          providers: [{ module: "provider-scripted" }],
        },
        { modules: [loop, simpleContextSeedModule, scriptedProviderModule] },
      );
      const recorder = new EventRecorder();
      recorder.attach(session.coordinator.hooks, ["cancel:completed"]);
      const error = await session.execute("wait", { signal: controller.signal }).catch((caught: unknown) => caught);
      expect(KernelError.is(error, "cancelled")).toBe(true);
      expect(session.status().state).toBe("cancelled");
      expect(recorder.events[0]?.data).toMatchObject({
        was_immediate: true,
        error: expect.stringContaining("immediate"),
      });
      expect(await session.execute("second")).toBe("fresh signal");
      expect(session.status().state).toBe("completed");
    });
    it("emits cancel:completed once when the orchestrator already reported it (the original emits it twice)", async () => {
      const loop: ModuleDefinition = {
        id: "loop-reports-cancel",
        type: "orchestrator",
        mount: async (coordinator) =>
          coordinator.mount("orchestrator", {
            async execute(_prompt: string, _c: unknown, _pr: unknown, _t: unknown, hooks: HookRegistryContract) {
              coordinator.cancellation.request_immediate();
              await hooks.emit("cancel:completed", { orchestrator: "loop-reports-cancel", was_immediate: true });
              return "stopped";
            },
          }),
      };
      const session = createSession(
        {
          session: { orchestrator: "loop-reports-cancel", context: "context-simple-seed" },
          providers: [{ module: "provider-scripted" }],
        },
        { modules: [loop, simpleContextSeedModule, scriptedProviderModule] },
      );
      const recorder = new EventRecorder();
      recorder.attach(session.coordinator.hooks, ["cancel:completed"]);
      expect(await session.execute("go")).toBe("stopped");
      expect(session.status().state).toBe("cancelled");
      expect(recorder.events).toHaveLength(1);
      expect(recorder.events[0]?.data).toMatchObject({ orchestrator: "loop-reports-cancel" });
    });
  });

  describe("§11.10 event names", () => {
    it("exports exactly the 43 canonical names (core PR #97 added module:load_failed), unique, in the original's groups", () => {
      expect(events.ALL_EVENTS).toHaveLength(43);
      expect(new Set(events.ALL_EVENTS).size).toBe(43);
      expect(events.ALL_EVENTS.slice(0, 4)).toEqual(["session:start", "session:end", "session:fork", "session:resume"]);
      expect(events.ALL_EVENTS).toContain("provider:tool_sequence_repaired");
      expect(events.ALL_EVENTS).toContain("context:pre_compact");
      expect(events.ALL_EVENTS.slice(-2)).toEqual(["module:on_session_ready_failed", "module:load_failed"]);
      for (const name of events.ALL_EVENTS) expect(name).toMatch(/^[a-z_]+:[a-z_]+$/);
    });

    it("adds the kernel's own events without clashing with canonical ones", () => {
      expect([...events.EDGE_EVENTS].sort()).toEqual(
        [
          "sandbox:killed",
          "sandbox:restarted",
          "sandbox:started",
          "session:config",
          "storage:failed",
          "storage:repaired",
        ].sort(),
      );
      for (const name of events.EDGE_EVENTS) expect(events.ALL_EVENTS as readonly string[]).not.toContain(name);
    });
  });
}
