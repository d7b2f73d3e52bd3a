/**
 * Ported conformance: sessions and their initialization (test_session*.py, session.rs,
 * test_session_metadata.py, test_session_init_on_session_ready.py, test_multi_instance.py,
 * core PR #97's module:load_failed, the loader's module-source-resolver).
 */
import { describe, expect, it } from "vitest";
import type { ModuleDefinition, ModuleSourceResolver, SandboxEntry, SandboxLoader } from "../../../../src/contracts.ts";
import { KernelError } from "../../../../src/errors.ts";
import { ALL_EVENTS } from "../../../../src/hooks/events.ts";
import { createSession, type Session } from "../../../../src/session.ts";
import {
  EventRecorder,
  inMemoryContextModule,
  MockProvider,
  MockTool,
  scriptedOrchestratorModule,
  scriptedProviderModule,
} from "../../../../src/testing/index.ts";
import { core } from "./source.ts";

const SESSION = "tests/test_session.py";
const METADATA = "tests/test_session_metadata.py";
const RUST = "crates/amplifier-core/src/session.rs";
const READY = "tests/test_session_init_on_session_ready.py";
const MULTI = "tests/test_multi_instance.py";

const builtins: ModuleDefinition[] = [inMemoryContextModule, scriptedOrchestratorModule, scriptedProviderModule];
const plan = (session: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) => ({
  session: { orchestrator: "loop-scripted", context: "context-memory", ...session },
  providers: [{ module: "provider-scripted" }],
  ...rest,
});

function record(session: Session, events: readonly string[]): EventRecorder {
  const recorder = new EventRecorder();
  recorder.attach(session.coordinator.hooks, events);
  return recorder;
}

function planError(input: unknown): string {
  try {
    createSession(input as never, { modules: builtins });
  } catch (error) {
    return KernelError.is(error, "invalid_plan") ? error.message : `other: ${String(error)}`;
  }
  return "accepted";
}

/** A provider module that mounts one MockProvider under its default name (module id minus `provider-`). */
const instanceProvider: ModuleDefinition = {
  id: "provider-multi",
  type: "provider",
  async mount(coordinator, config) {
    await coordinator.mount("providers", new MockProvider({ name: String(config.label ?? "multi") }), {
      name: "multi",
    });
  },
};

export function registerUpstreamSessionTests(): void {
  describe("upstream conformance: session", () => {
    it(`${core(SESSION, "test_session_requires_config")} an empty plan is refused`, () => {
      expect(planError({})).toMatch(/session/);
      expect(planError(undefined)).not.toBe("accepted");
    });

    it(`${core(SESSION, "test_session_requires_orchestrator")} a plan without an orchestrator is refused, naming it`, () => {
      expect(planError({ session: { context: "context-memory" } })).toMatch(/session\.orchestrator/);
    });

    it(`${core(SESSION, "test_session_requires_context")} a plan without a context is refused, naming it`, () => {
      expect(planError({ session: { orchestrator: "loop-scripted" } })).toMatch(/session\.context/);
    });

    it(`${core("tests/test_session_id.py", "test_session_id_provided")} a given session id is kept; none gives a fresh uuid per session`, () => {
      expect(createSession(plan(), { sessionId: "custom-id" }).sessionId).toBe("custom-id");
      const ids = [createSession(plan()).sessionId, createSession(plan()).sessionId];
      for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(ids[0]).not.toBe(ids[1]);
    });

    it(`${core("bindings/python/tests/test_switchover_session.py", "test_session_coordinator_hooks_have_default_fields")} every event carries session_id and parent_id`, async () => {
      const session = createSession(plan(), { modules: builtins, sessionId: "s1", parentId: "p1" });
      const recorder = record(session, ["session:start"]);
      await session.execute("hi");
      expect(recorder.get_events()[0]?.data).toMatchObject({ session_id: "s1", parent_id: "p1" });
      expect(session.coordinator.parent_id).toBe("p1");
      expect(session.coordinator.session).toBe(session);
      await session.cleanup();
    });

    it(`${core(RUST, "execute_passes_hooks_and_coordinator_to_orchestrator")} the orchestrator gets the context, providers, tools, hooks and the coordinator`, async () => {
      const seen: unknown[] = [];
      const orchestrator: ModuleDefinition = {
        id: "loop-spy",
        type: "orchestrator",
        async mount(coordinator) {
          await coordinator.mount("orchestrator", {
            async execute(
              prompt: string,
              context: unknown,
              providers: object,
              tools: object,
              hooks: unknown,
              options: { coordinator: unknown },
            ) {
              seen.push(prompt, context, Object.keys(providers), Object.keys(tools), hooks, options.coordinator);
              return "done";
            },
          });
        },
      };
      const session = createSession(plan({ orchestrator: "loop-spy" }), { modules: [...builtins, orchestrator] });
      expect(await session.execute("go")).toBe("done");
      expect(seen).toEqual([
        "go",
        session.coordinator.get("context"),
        ["scripted"],
        [],
        session.coordinator.hooks,
        session.coordinator,
      ]);
      await session.cleanup();
    });

    it(`${core(RUST, "execute_fails_without_providers")} a turn without a provider fails, saying so`, async () => {
      const session = createSession(plan({}, { providers: [] }), { modules: builtins });
      await expect(session.execute("hi")).rejects.toSatisfy((error: unknown) => KernelError.is(error, "no_provider"));
      await session.cleanup();
    });

    it(`${core("tests/test_session_exec.py", "test_run_orchestrator_does_not_raise_for_missing_providers")} (deliberate difference: like the Python and pure-Rust sessions, a turn needs a provider; RustSession skips the check)`, async () => {
      const session = createSession(plan({}, { providers: [] }), { modules: builtins });
      await expect(session.execute("hi")).rejects.toThrow(/No provider is mounted/);
      await session.cleanup();
    });

    it(`${core(RUST, "status_transitions_to_completed_on_success")} a turn that answers completes the session's turn`, async () => {
      const session = createSession(plan(), { modules: builtins });
      await session.execute("hi");
      expect(session.status().state).toBe("completed");
      await session.cleanup();
    });

    it(`${core(RUST, "status_transitions_to_cancelled_when_cancelled")} a turn cancelled through its signal ends cancelled`, async () => {
      const session = createSession(plan(), { modules: builtins });
      const stop = new AbortController();
      stop.abort();
      await session.execute("hi", { signal: stop.signal }).catch(() => undefined);
      expect(session.status().state).toBe("cancelled");
      await session.cleanup();
    });

    it(`${core(RUST, "session_start_emitted_once_across_multiple_execute_calls")} session:start once, however many turns`, async () => {
      const session = createSession(plan(), { modules: builtins });
      const recorder = record(session, ["session:start", "session:resume"]);
      await session.execute("one");
      await session.execute("two");
      expect(recorder.names()).toEqual(["session:start"]);
      await session.cleanup();
    });

    it(`${core(RUST, "session_resume_emitted_once_across_multiple_execute_calls")} a resumed session emits session:resume once instead`, async () => {
      const session = createSession(plan(), { modules: builtins, resumed: true });
      const recorder = record(session, ["session:start", "session:resume"]);
      await session.execute("one");
      await session.execute("two");
      expect(recorder.names()).toEqual(["session:resume"]);
      await session.cleanup();
    });

    it(`${core(METADATA, "test_session_start_includes_metadata_when_configured")} session.metadata from the plan reaches session:start`, async () => {
      const metadata = { agent_name: "test-agent", run_id: "abc123" };
      const session = createSession(plan({ metadata }), { modules: builtins });
      const recorder = record(session, ["session:start"]);
      await session.execute("hello");
      expect(recorder.get_events("session:start").map((event) => event.data.metadata)).toEqual([metadata]);
      await session.cleanup();
    });

    it(`${core(METADATA, "test_session_start_excludes_metadata_when_not_configured")} without metadata, session:start has no metadata key`, async () => {
      const session = createSession(plan(), { modules: builtins });
      const recorder = record(session, ["session:start"]);
      await session.execute("hello");
      expect(recorder.get_events("session:start")[0]?.data).not.toHaveProperty("metadata");
      await session.cleanup();
    });

    it(`${core(METADATA, "test_session_resume_includes_metadata_when_configured")} session.metadata reaches session:resume`, async () => {
      const session = createSession(plan({ metadata: { agent_name: "resumed-agent" } }), {
        modules: builtins,
        resumed: true,
      });
      const recorder = record(session, ["session:resume"]);
      await session.execute("hello");
      expect(recorder.get_events("session:resume")[0]?.data.metadata).toEqual({ agent_name: "resumed-agent" });
      await session.cleanup();
    });

    it(`${core(METADATA, "test_session_resume_excludes_metadata_when_not_configured")} without metadata, session:resume has none`, async () => {
      const session = createSession(plan(), { modules: builtins, resumed: true });
      const recorder = record(session, ["session:resume"]);
      await session.execute("hello");
      expect(recorder.get_events("session:resume")[0]?.data).not.toHaveProperty("metadata");
      await session.cleanup();
    });

    it(`${core(METADATA, "test_session_fork_includes_metadata_when_configured")} a child's session.metadata reaches session:fork, beside parent and session_id`, async () => {
      const session = createSession(plan({ metadata: { agent_name: "child" } }), {
        modules: builtins,
        sessionId: "child-1",
        parentId: "parent-1",
      });
      const recorder = record(session, ["session:fork"]);
      await session.initialize();
      expect(recorder.get_events("session:fork")[0]?.data).toMatchObject({
        parent: "parent-1",
        session_id: "child-1",
        metadata: { agent_name: "child" },
      });
      await session.cleanup();
    });

    it(`${core(METADATA, "test_session_fork_excludes_metadata_when_not_configured")} without metadata, session:fork has none`, async () => {
      const session = createSession(plan(), { modules: builtins, parentId: "parent-1" });
      const recorder = record(session, ["session:fork"]);
      await session.initialize();
      expect(recorder.get_events("session:fork")[0]?.data).not.toHaveProperty("metadata");
      await session.cleanup();
    });

    it(`${core(METADATA, "test_session_fork_still_has_parent_and_session_id")} the host's metadata option merges over the plan's`, async () => {
      const session = createSession(plan({ metadata: { a: 1, b: 1 } }), {
        modules: builtins,
        parentId: "p",
        metadata: { b: 2 },
      });
      const recorder = record(session, ["session:fork", "session:start"]);
      await session.execute("x");
      expect(recorder.get_events().map((event) => event.data.metadata)).toEqual([
        { a: 1, b: 2 },
        { a: 1, b: 2 },
      ]);
      await session.cleanup();
    });

    it(`${core(SESSION, "test_cleanup_emits_session_end")} cleanup emits session:end with session_id and a status in the original's set`, async () => {
      const session = createSession(plan(), { modules: builtins, sessionId: "s-end" });
      const recorder = record(session, ["session:end"]);
      await session.initialize();
      await session.cleanup();
      expect(recorder.get_events("session:end").map((event) => [event.data.session_id, event.data.status])).toEqual([
        ["s-end", "running"],
      ]);
    });

    it(`${core(SESSION, "test_cleanup_emits_session_end")} after a turn, session:end reports completed, failed or cancelled`, async () => {
      const session = createSession(plan(), { modules: builtins });
      const recorder = record(session, ["session:end"]);
      await session.execute("hi");
      await session.cleanup();
      expect(recorder.get_events("session:end")[0]?.data.status).toBe("completed");
    });

    it(`${core(SESSION, "test_cleanup_does_not_emit_session_end_when_not_initialized")} a session that never initialized does not end`, async () => {
      const never = createSession(plan(), { modules: builtins });
      const quiet = record(never, ["session:end"]);
      await never.cleanup();
      expect(quiet.names()).toEqual([]);
      const failing = createSession(plan({ context: "context-missing" }), { modules: builtins });
      const failed = record(failing, ["session:end"]);
      await failing.initialize().catch(() => undefined);
      await failing.cleanup();
      expect(failed.names()).toEqual([]);
    });

    it(`${core(SESSION, "test_cleanup_emits_session_end_before_coordinator_cleanup")} session:end comes before the cleanups`, async () => {
      const order: string[] = [];
      const hook: ModuleDefinition = {
        id: "hooks-order",
        type: "hook",
        async mount(coordinator) {
          coordinator.hooks.register("session:end", () => {
            order.push("session:end");
          });
          return () => {
            order.push("cleanup");
          };
        },
      };
      const session = createSession(plan({}, { hooks: [{ module: "hooks-order" }] }), { modules: [...builtins, hook] });
      await session.initialize();
      await session.cleanup();
      expect(order).toEqual(["session:end", "cleanup"]);
    });

    it(`${core(SESSION, "test_session_context_manager")} await using cleans up`, async () => {
      let cleaned = false;
      const hook: ModuleDefinition = {
        id: "hooks-cleanup",
        type: "hook",
        async mount(coordinator) {
          coordinator.hooks.register("x", () => undefined);
          return () => {
            cleaned = true;
          };
        },
      };
      {
        await using session = createSession(plan({}, { hooks: [{ module: "hooks-cleanup" }] }), {
          modules: [...builtins, hook],
        });
        await session.initialize();
      }
      expect(cleaned).toBe(true);
    });

    it(`${core(READY, "test_on_session_ready_called_after_all_phases")} on_session_ready runs once everything mounted`, async () => {
      const order: string[] = [];
      const tool: ModuleDefinition = {
        id: "tool-ready",
        type: "tool",
        async mount(coordinator) {
          order.push("mount tool");
          await coordinator.mount("tools", new MockTool({ name: "ready" }));
        },
        async on_session_ready() {
          order.push("ready tool");
        },
      };
      const hook: ModuleDefinition = {
        id: "hooks-late",
        type: "hook",
        async mount(coordinator) {
          order.push("mount hook");
          coordinator.hooks.register("x", () => undefined);
        },
      };
      const session = createSession(
        plan({}, { tools: [{ module: "tool-ready" }], hooks: [{ module: "hooks-late" }] }),
        {
          modules: [...builtins, tool, hook],
        },
      );
      await session.initialize();
      expect(order).toEqual(["mount tool", "mount hook", "ready tool"]);
      await session.cleanup();
    });

    it(`${core(READY, "test_on_session_ready_failure_emits_event")} a failing on_session_ready is not fatal and emits module:on_session_ready_failed`, async () => {
      const tool: ModuleDefinition = {
        id: "tool-unready",
        type: "tool",
        async mount(coordinator) {
          await coordinator.mount("tools", new MockTool({ name: "unready" }));
        },
        async on_session_ready() {
          throw new Error("not ready");
        },
      };
      const session = createSession(plan({}, { tools: [{ module: "tool-unready" }] }), {
        modules: [...builtins, tool],
      });
      const recorder = record(session, ["module:on_session_ready_failed"]);
      await session.initialize();
      expect(recorder.get_events()[0]?.data).toMatchObject({ module_id: "tool-unready", error: "not ready" });
      expect(session.status().state).toBe("initialized");
      await session.cleanup();
    });

    it(`${core(READY, "test_on_session_ready_runs_before_session_fork")} on_session_ready finishes before session:fork`, async () => {
      const order: string[] = [];
      const tool: ModuleDefinition = {
        id: "tool-fork",
        type: "tool",
        async mount(coordinator) {
          coordinator.hooks.register("session:fork", () => {
            order.push("session:fork");
          });
          await coordinator.mount("tools", new MockTool({ name: "fork" }));
        },
        async on_session_ready() {
          order.push("on_session_ready");
        },
      };
      const session = createSession(plan({}, { tools: [{ module: "tool-fork" }] }), {
        modules: [...builtins, tool],
        parentId: "parent-session",
      });
      await session.initialize();
      expect(order).toEqual(["on_session_ready", "session:fork"]);
      await session.cleanup();
    });

    it(`${core("tests/test_loader_on_session_ready.py", "test_on_session_ready_not_enqueued_when_mount_fails")} a module whose mount failed never gets on_session_ready`, async () => {
      let called = false;
      const tool: ModuleDefinition = {
        id: "tool-broken",
        type: "tool",
        async mount() {
          throw new Error("mount failed");
        },
        async on_session_ready() {
          called = true;
        },
      };
      const session = createSession(plan({}, { tools: [{ module: "tool-broken" }] }), { modules: [...builtins, tool] });
      await session.initialize();
      expect(called).toBe(false);
      await session.cleanup();
    });

    it(`${core("tests/test_session_init_module_load_failed.py", "core PR #97")} a provider, tool or hook that fails to load emits module:load_failed { module_type, module_id, error } and the session goes on`, async () => {
      const session = createSession(
        plan({}, { tools: [{ module: "tool-nowhere" }], hooks: [{ module: "hooks-nowhere" }] }),
        { modules: builtins },
      );
      const recorder = record(session, ["module:load_failed"]);
      await session.initialize();
      expect(
        recorder
          .get_events()
          .map(({ data }) => [data.module_type, data.module_id, typeof data.error, data.reason_code]),
      ).toEqual([
        ["tool", "tool-nowhere", "string", "module_not_found"],
        ["hook", "hooks-nowhere", "string", "module_not_found"],
      ]);
      expect(ALL_EVENTS).toContain("module:load_failed");
      expect(await session.execute("still works")).toBe("DONE");
      await session.cleanup();
    });

    it(`${core(MULTI, "test_instance_id_remapping_removes_default_key")} an instance_id remaps the provider away from its default name`, async () => {
      const session = createSession(
        plan({}, { providers: [{ module: "provider-multi", instance_id: "fast", config: { label: "fast" } }] }),
        { modules: [...builtins, instanceProvider] },
      );
      await session.initialize();
      expect(Object.keys(session.coordinator.get("providers"))).toEqual(["fast"]);
      await session.cleanup();
    });

    it(`${core(MULTI, "test_mixed_instance_id_preserves_default_entry")} one instance without an id keeps the default name beside the others`, async () => {
      const session = createSession(
        plan(
          {},
          {
            providers: [
              { module: "provider-multi", config: { label: "default" } },
              { module: "provider-multi", instance_id: "second", config: { label: "second" } },
            ],
          },
        ),
        { modules: [...builtins, instanceProvider] },
      );
      await session.initialize();
      const providers = session.coordinator.get("providers");
      expect(Object.keys(providers).sort()).toEqual(["multi", "second"]);
      expect([providers.multi?.name, providers.second?.name]).toEqual(["default", "second"]);
      await session.cleanup();
    });

    it(`${core(MULTI, "test_duplicate_module_without_instance_id_raises")} two entries of one provider without instance ids are refused`, () => {
      expect(
        planError(plan({}, { providers: [{ module: "provider-scripted" }, { module: "provider-scripted" }] })),
      ).toMatch(/providers\[1\]\.instance_id/);
    });

    it(`${core("tests/test_loader_transport_dispatch.py", "test_wasm_dispatch_returns_mount_function")} a mounted module-source-resolver is asked first, and its source is loaded in the sandbox`, async () => {
      const asked: unknown[] = [];
      const resolver: ModuleSourceResolver = {
        async async_resolve(moduleId, hint) {
          asked.push([moduleId, hint]);
          if (moduleId !== "tool-remote") return undefined;
          return { resolve: () => ({ inline: "remote tool code" }) };
        },
      };
      const loaded: SandboxEntry[] = [];
      const sandbox: SandboxLoader = {
        async load(entry) {
          loaded.push(entry);
          return async (coordinator) => coordinator.mount("tools", new MockTool({ name: "remote" }));
        },
      };
      const session = createSession(plan({}, { tools: [{ module: "tool-remote" }] }), {
        modules: builtins,
        sandbox,
        resolver,
      });
      await session.initialize();
      expect(loaded.map((entry) => [entry.id, entry.source, entry.kind])).toEqual([
        ["tool-remote", { inline: "remote tool code" }, "tool"],
      ]);
      expect(Object.keys(session.coordinator.get("tools"))).toEqual(["remote"]);
      expect(asked).toContainEqual(["loop-scripted", undefined]);
      expect(session.coordinator.get("module-source-resolver")).toBe(resolver);
      await session.cleanup();
    });

    it(`${core("tests/test_loader_warning.py", "test_resolve_module_failure_logs_warning")} a resolver that does not know a module falls back to the built-ins; one that answers nonsense fails that module loudly`, async () => {
      const notFound = new Error("no such module");
      notFound.name = "ModuleNotFoundError";
      const resolver: ModuleSourceResolver = {
        resolve(moduleId) {
          if (moduleId === "tool-odd") return 42 as never;
          throw notFound;
        },
      };
      const odd: ModuleDefinition = { id: "tool-odd", type: "tool", mount: async () => undefined };
      const session = createSession(plan({}, { tools: [{ module: "tool-odd" }] }), {
        modules: [...builtins, odd],
        resolver,
      });
      await session.initialize();
      expect(session.status().mounted.orchestrator).toBe(true);
      expect(session.status().failedModules.map((failure) => [failure.module_id, failure.reason_code])).toEqual([
        ["tool-odd", "validation_failed"],
      ]);
      await session.cleanup();
    });
  });
}
