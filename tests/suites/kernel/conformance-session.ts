/** §11.5 session init and cleanup, and §11.9 the loader (reference §2). */
import { describe, expect, it } from "vitest";
import type { ModuleDefinition, SandboxEntry, SandboxLoader } from "../../../src/contracts.ts";
import { KernelError } from "../../../src/errors.ts";
import { detectModuleType } from "../../../src/loader.ts";
import { createSession } from "../../../src/session.ts";
import {
  EventRecorder,
  inMemoryContextModule,
  MockProvider,
  MockTool,
  ScriptedApproval,
  ScriptedOrchestrator,
  scriptedOrchestratorModule,
  scriptedProviderModule,
} from "../../../src/testing/index.ts";

const basePlan = {
  session: { orchestrator: "loop-scripted", context: "context-memory" },
  providers: [{ module: "provider-scripted" }],
};
const builtins: ModuleDefinition[] = [inMemoryContextModule, scriptedOrchestratorModule, scriptedProviderModule];

function tracked(
  id: string,
  type: ModuleDefinition["type"],
  log: string[],
  extra: Partial<ModuleDefinition> = {},
): ModuleDefinition {
  return {
    id,
    type,
    async mount(coordinator) {
      log.push(`mount ${id}`);
      if (type === "tool") await coordinator.mount("tools", new MockTool({ name: id }));
      if (type === "hook") coordinator.hooks.register("tool:pre", () => undefined, { name: id });
      return () => {
        log.push(`cleanup ${id}`);
      };
    },
    ...extra,
  };
}

export function registerSessionConformance(): void {
  describe("§11.5 session init and cleanup", () => {
    it("a failing orchestrator or context is fatal and the session is failed", async () => {
      const broken: ModuleDefinition = {
        id: "loop-broken",
        type: "orchestrator",
        mount: async () => {
          throw new Error("no");
        },
      };
      const session = createSession(
        { ...basePlan, session: { ...basePlan.session, orchestrator: "loop-broken" } },
        { modules: [...builtins, broken] },
      );
      const error = await session.initialize().catch((caught: unknown) => caught);
      expect(KernelError.is(error, "mount_failed")).toBe(true);
      expect((error as Error).message).toBe("Cannot initialize without orchestrator: no");
      expect(session.status().state).toBe("failed");
      const missing = createSession(
        { ...basePlan, session: { ...basePlan.session, context: "context-nowhere" } },
        { modules: builtins },
      );
      await expect(missing.initialize()).rejects.toThrow(
        /Cannot initialize without context: Module "context-nowhere" not found/,
      );
    });

    it("an orchestrator module that mounts nothing is fatal too", async () => {
      const empty: ModuleDefinition = { id: "loop-empty", type: "orchestrator", mount: async () => undefined };
      const session = createSession(
        { ...basePlan, session: { ...basePlan.session, orchestrator: "loop-empty" } },
        { modules: [...builtins, empty] },
      );
      await expect(session.initialize()).rejects.toThrow(
        "Cannot initialize without orchestrator: loop-empty: mount() did not mount a orchestrator.",
      );
    });

    it("provider, tool and hook failures are not fatal but loud: module:load_failed and failedModules", async () => {
      const failing: ModuleDefinition = {
        id: "tool-failing",
        type: "tool",
        mount: async () => {
          throw new Error("disk full");
        },
      };
      const session = createSession(
        {
          ...basePlan,
          tools: [{ module: "tool-failing" }, { module: "tool-unknown" }],
          hooks: [{ module: "hooks-x", source: "./x.js" }],
        },
        { modules: [...builtins, failing] },
      );
      const recorder = new EventRecorder();
      recorder.attach(session.coordinator.hooks, ["module:load_failed"]);
      await session.initialize();
      expect(session.status().failedModules).toEqual([
        { module_id: "tool-failing", kind: "tool", reason_code: "mount_failed", error: "disk full" },
        expect.objectContaining({ module_id: "tool-unknown", kind: "tool", reason_code: "module_not_found" }),
        expect.objectContaining({ module_id: "hooks-x", kind: "hook", reason_code: "sandbox_unavailable" }),
      ]);
      expect(recorder.get_events("module:load_failed").map((event) => event.data.module_id)).toEqual([
        "tool-failing",
        "tool-unknown",
        "hooks-x",
      ]);
      expect(await session.execute("hi")).toBe("DONE");
    });

    it("a provider that mounts nothing degrades gracefully and execute says why there is no provider (the Rust session skips this check)", async () => {
      const keyless: ModuleDefinition = { id: "provider-keyless", type: "provider", mount: async () => undefined };
      const session = createSession(
        { ...basePlan, providers: [{ module: "provider-keyless" }] },
        { modules: [...builtins, keyless] },
      );
      await session.initialize();
      expect(session.status().degradedModules).toEqual(["provider-keyless"]);
      const error = await session.execute("hi").catch((caught: unknown) => caught);
      expect(KernelError.is(error, "no_provider")).toBe(true);
      expect((error as Error).message).toContain("provider-keyless mounted nothing");
    });

    it("mounts in plan order, runs on_session_ready after everything mounted, then cleans up in reverse after session:end", async () => {
      const log: string[] = [];
      const ready = (id: string) => ({
        on_session_ready: async () => {
          log.push(`ready ${id}`);
        },
      });
      const modules = [
        ...builtins,
        tracked("tool-a", "tool", log, ready("tool-a")),
        tracked("tool-b", "tool", log),
        tracked("hooks-c", "hook", log, ready("hooks-c")),
      ];
      const session = createSession(
        { ...basePlan, tools: [{ module: "tool-a" }, { module: "tool-b" }], hooks: [{ module: "hooks-c" }] },
        { modules },
      );
      session.coordinator.hooks.register("session:end", (_event, data) => {
        log.push(`session:end ${String(data.status)}`);
      });
      await session.initialize();
      expect(log).toEqual(["mount tool-a", "mount tool-b", "mount hooks-c", "ready tool-a", "ready hooks-c"]);
      log.length = 0;
      await session.cleanup();
      // The Rust session emits session:end only after the cleanups, when hooks are already gone.
      expect(log).toEqual(["session:end running", "cleanup hooks-c", "cleanup tool-b", "cleanup tool-a"]);
    });

    it("a failing on_session_ready emits module:on_session_ready_failed and the others still run", async () => {
      const log: string[] = [];
      const modules = [
        ...builtins,
        tracked("tool-a", "tool", log, {
          on_session_ready: async () => {
            throw new Error("not ready");
          },
        }),
        tracked("tool-b", "tool", log, {
          on_session_ready: async () => {
            log.push("ready tool-b");
          },
        }),
      ];
      const session = createSession({ ...basePlan, tools: [{ module: "tool-a" }, { module: "tool-b" }] }, { modules });
      const recorder = new EventRecorder();
      recorder.attach(session.coordinator.hooks, ["module:on_session_ready_failed"]);
      await session.initialize();
      expect(recorder.events[0]?.data).toMatchObject({ module_id: "tool-a", error: "not ready" });
      expect(log).toContain("ready tool-b");
    });

    it("emits session:start once, with session_id and parent_id on every event", async () => {
      const session = createSession(basePlan, { modules: builtins, sessionId: "s-1", parentId: "p-0" });
      const recorder = new EventRecorder();
      recorder.attach(session.coordinator.hooks);
      await session.execute("one");
      await session.execute("two");
      await session.cleanup();
      expect(recorder.names()).toEqual(["session:fork", "session:start", "session:end"]);
      for (const event of recorder.events) expect(event.data).toMatchObject({ session_id: "s-1", parent_id: "p-0" });
      expect(recorder.events[0]?.data).toMatchObject({ parent: "p-0", session_id: "s-1" });
    });

    it("a resumed session emits session:resume instead of session:start", async () => {
      const session = createSession(basePlan, { modules: builtins, resumed: true });
      const recorder = new EventRecorder();
      recorder.attach(session.coordinator.hooks, ["session:start", "session:resume"]);
      await session.execute("again");
      expect(recorder.names()).toEqual(["session:resume"]);
    });

    it("session.raw emits session:config with secrets redacted", async () => {
      const session = createSession(
        {
          ...basePlan,
          session: { ...basePlan.session, raw: true },
          providers: [{ module: "provider-scripted", config: { api_key: "sk-secret" } }],
        },
        { modules: builtins },
      );
      const recorder = new EventRecorder();
      recorder.attach(session.coordinator.hooks, ["session:config"]);
      await session.execute("hi");
      expect(JSON.stringify(recorder.events[0]?.data.raw)).not.toContain("sk-secret");
      expect(recorder.events[0]?.data.raw).toMatchObject({ providers: [{ config: { api_key: "[redacted]" } }] });
    });

    it("initialize is idempotent, execute initializes on demand, and the orchestrator gets the coordinator", async () => {
      const orchestrator = new ScriptedOrchestrator(["a"]);
      const loop: ModuleDefinition = {
        id: "loop-x",
        type: "orchestrator",
        mount: async (coordinator) => coordinator.mount("orchestrator", orchestrator),
      };
      const session = createSession(
        { ...basePlan, session: { ...basePlan.session, orchestrator: "loop-x" } },
        { modules: [...builtins, loop] },
      );
      await Promise.all([session.initialize(), session.initialize()]);
      expect(await session.execute("q")).toBe("a");
      expect(orchestrator.calls[0]).toMatchObject({ prompt: "q", providers: ["scripted"], tools: [] });
      expect(orchestrator.calls[0]?.coordinator).toBe(session.coordinator);
      expect(session.status()).toMatchObject({ state: "completed", turns: 1 });
    });

    it("a second execute while a turn runs fails with session_busy", async () => {
      let release: () => void = () => {};
      const slow: ModuleDefinition = {
        id: "loop-slow",
        type: "orchestrator",
        mount: async (coordinator) =>
          coordinator.mount("orchestrator", {
            execute: () =>
              new Promise<string>((resolve) => {
                release = () => resolve("done");
              }),
          }),
      };
      const session = createSession(
        { ...basePlan, session: { ...basePlan.session, orchestrator: "loop-slow" } },
        { modules: [...builtins, slow] },
      );
      await session.initialize();
      const first = session.execute("one");
      await expect(session.execute("two")).rejects.toSatisfy((error: unknown) => KernelError.is(error, "session_busy"));
      release();
      expect(await first).toBe("done");
    });

    it("orchestrator errors fail the turn; KernelErrors keep their code, others become execution_failed", async () => {
      const failing = (error: unknown): ModuleDefinition => ({
        id: "loop-failing",
        type: "orchestrator",
        mount: async (coordinator) =>
          coordinator.mount("orchestrator", {
            execute: async () => {
              throw error;
            },
          }),
      });
      const plan = { ...basePlan, session: { ...basePlan.session, orchestrator: "loop-failing" } };
      const plain = createSession(plan, { modules: [...builtins, failing(new TypeError("oops"))] });
      await expect(plain.execute("x")).rejects.toThrow("Execution failed: oops");
      expect(plain.status()).toMatchObject({ state: "failed", lastError: "oops" });
      const coded = createSession(plan, { modules: [...builtins, failing(new KernelError("provider_failed", "429"))] });
      await expect(coded.execute("x")).rejects.toSatisfy((error: unknown) => KernelError.is(error, "provider_failed"));
    });

    it("cleanup is idempotent, collects cleanup errors in status, and await using disposes", async () => {
      const bad: ModuleDefinition = {
        id: "tool-bad-cleanup",
        type: "tool",
        mount: async (coordinator) => {
          await coordinator.mount("tools", new MockTool({ name: "bad" }));
          return () => {
            throw new Error("cleanup exploded");
          };
        },
      };
      const session = createSession(
        { ...basePlan, tools: [{ module: "tool-bad-cleanup" }] },
        { modules: [...builtins, bad] },
      );
      await session.initialize();
      await session.cleanup();
      await session.cleanup();
      expect(session.status().cleanupErrors).toEqual(["cleanup exploded"]);
      await expect(session.execute("x")).rejects.toThrow(/cleaned up/);
      let disposed = false;
      {
        await using scoped = createSession(basePlan, { modules: builtins });
        scoped.coordinator.hooks.register("session:end", () => {
          disposed = true;
        });
        await scoped.initialize();
      }
      expect(disposed).toBe(true);
    });

    it("a child session inherits modules and approval, is named <parent>-<id>, forks, and is cancelled with its parent", async () => {
      const approval = new ScriptedApproval("Allow");
      const parent = createSession(basePlan, { modules: builtins, approval, sessionId: "parent", newId: () => "0001" });
      const child = createSession(basePlan, { parent });
      expect(child.sessionId).toBe("parent-0001");
      expect(child.parentId).toBe("parent");
      expect(child.coordinator.approval_system).toBe(approval);
      const recorder = new EventRecorder();
      recorder.attach(child.coordinator.hooks, ["session:fork"]);
      expect(await child.execute("child turn")).toBe("DONE");
      expect(recorder.events[0]?.data).toMatchObject({ parent: "parent", session_id: "parent-0001" });
      await parent.coordinator.request_cancel(true);
      expect(child.coordinator.cancellation.is_immediate).toBe(true);
      expect(child.coordinator.cancellation.signal.aborted).toBe(true);
      await child.cleanup();
      const second = createSession(basePlan, { parent });
      await parent.coordinator.request_cancel(true);
      await second.execute("started after the parent was cancelled");
      expect(second.coordinator.cancellation.is_immediate).toBe(true);
      expect(second.status().state).toBe("cancelled");
    });

    it("status keeps hook failures and coordinator warnings instead of losing them", async () => {
      const session = createSession(basePlan, { modules: builtins });
      session.coordinator.hooks.register(
        "session:start",
        () => {
          throw new Error("observer bug");
        },
        { name: "observer" },
      );
      await session.execute("hi");
      await session.coordinator.process_hook_result({ user_message: "nobody sees this" }, "e", "h");
      expect(session.status().hookFailures).toEqual([
        { event: "session:start", handler_name: "observer", kind: "threw", error: "observer bug" },
      ]);
      expect(session.status().warnings.map((warning) => warning.code)).toEqual(["no_display_system"]);
    });

    it("the store is handed to modules as the session.store capability", async () => {
      const store = { kind: "memory-store" };
      const session = createSession(basePlan, {
        modules: builtins,
        store,
        capabilities: { "session.working_dir": "/w" },
      });
      expect(session.coordinator.get_capability("session.store")).toBe(store);
      expect(session.coordinator.get_capability("session.working_dir")).toBe("/w");
    });
  });

  describe("§11.9 loader", () => {
    it("detects the type from the id like the original", () => {
      expect(
        [
          "loop-basic",
          "orchestrator-x",
          "provider-openai",
          "tool-bash",
          "hooks-logging",
          "context-simple",
          "something",
        ].map(detectModuleType),
      ).toEqual(["orchestrator", "orchestrator", "provider", "tool", "hook", "context", "tool"]);
    });

    it("makes a fresh closure per load: one module mounted twice gets each its own config", async () => {
      const seen: unknown[] = [];
      const echo: ModuleDefinition = {
        id: "tool-configurable",
        type: "tool",
        async mount(coordinator, config) {
          config.mutated = true;
          seen.push(config);
          await coordinator.mount("tools", new MockTool({ name: String(config.name) }));
        },
      };
      const session = createSession(
        {
          ...basePlan,
          tools: [
            { module: "tool-configurable", config: { name: "one" } },
            { module: "tool-configurable", config: { name: "two" } },
          ],
        },
        { modules: [...builtins, echo] },
      );
      await session.initialize();
      expect(Object.keys(session.coordinator.get("tools"))).toEqual(["one", "two"]);
      expect(seen).toEqual([
        { name: "one", mutated: true },
        { name: "two", mutated: true },
      ]);
      expect(session.plan.tools[0]?.config).toEqual({ name: "one" });
    });

    it("remaps instance_id: two instances of one provider mount under their own names", async () => {
      const provider: ModuleDefinition = {
        id: "provider-echo",
        type: "provider",
        async mount(coordinator, config) {
          await coordinator.mount("providers", new MockProvider({ name: "echo", responses: [String(config.answer)] }), {
            name: "echo",
          });
        },
      };
      const session = createSession(
        {
          ...basePlan,
          providers: [
            { module: "provider-echo", config: { answer: "default" } },
            { module: "provider-echo", instance_id: "echo-fast", config: { answer: "fast" } },
            { module: "provider-echo", instance_id: "echo-slow", config: { answer: "slow" } },
          ],
        },
        { modules: [...builtins, provider] },
      );
      await session.initialize();
      const providers = session.coordinator.get("providers");
      expect(Object.keys(providers).sort()).toEqual(["echo", "echo-fast", "echo-slow"]);
      const answers = await Promise.all(
        ["echo", "echo-fast", "echo-slow"].map(
          async (name) => (await providers[name]!.complete({ messages: [] })).content[0],
        ),
      );
      expect(answers).toEqual([
        expect.objectContaining({ text: "default" }),
        expect.objectContaining({ text: "fast" }),
        expect.objectContaining({ text: "slow" }),
      ]);
    });

    it("a module listed under the wrong section is rejected with module_invalid", async () => {
      const session = createSession({ ...basePlan, tools: [{ module: "provider-scripted" }] }, { modules: builtins });
      await session.initialize();
      expect(session.status().failedModules[0]).toMatchObject({ reason_code: "validation_failed" });
      expect(session.status().failedModules[0]?.error).toContain(
        "is a provider module but the plan lists it as a tool",
      );
    });

    it("hands modules with a source to the SandboxLoader with their entry, and mounts what it returns", async () => {
      const entries: SandboxEntry[] = [];
      const sandbox: SandboxLoader = {
        async load(entry, context) {
          entries.push(entry);
          expect(context.signal.aborted).toBe(false);
          return async (coordinator, config) => coordinator.mount("tools", new MockTool({ name: String(config.name) }));
        },
      };
      const session = createSession(
        {
          ...basePlan,
          tools: [
            {
              module: "tool-remote",
              source: { inline: "export default {}" },
              config: { name: "remote" },
              sandbox: { memory_mb: 16, placement: "inline" },
            },
          ],
        },
        { modules: builtins, sandbox, planDir: "/plans" },
      );
      await session.initialize();
      expect(entries).toEqual([
        {
          id: "tool-remote",
          source: { inline: "export default {}" },
          config: { name: "remote" },
          sandbox: { memory_mb: 16, placement: "inline" },
          kind: "tool",
          planDir: "/plans",
        },
      ]);
      expect(Object.keys(session.coordinator.get("tools"))).toEqual(["remote"]);
    });

    it("registers a returned cleanup and ignores a returned module object or metadata", async () => {
      const log: string[] = [];
      const metadata: ModuleDefinition = {
        id: "tool-meta",
        type: "tool",
        async mount(coordinator) {
          const tool = new MockTool({ name: "meta" });
          await coordinator.mount("tools", tool);
          return { name: "tool-meta", version: "0.1.0", provides: ["meta"] };
        },
      };
      const session = createSession(
        { ...basePlan, tools: [{ module: "tool-meta" }, { module: "tool-a" }] },
        { modules: [...builtins, metadata, tracked("tool-a", "tool", log)] },
      );
      await session.initialize();
      await session.cleanup();
      expect(log).toEqual(["mount tool-a", "cleanup tool-a"]);
      expect(session.status().cleanupErrors).toEqual([]);
    });

    it("a mount that never finishes fails with mount_timeout when a limit is set", async () => {
      const hanging: ModuleDefinition = { id: "tool-hang", type: "tool", mount: () => new Promise(() => {}) };
      const session = createSession(
        { ...basePlan, tools: [{ module: "tool-hang" }] },
        { modules: [...builtins, hanging], mountTimeoutMs: 10 },
      );
      await session.initialize();
      expect(session.status().failedModules[0]).toMatchObject({ module_id: "tool-hang", reason_code: "mount_timeout" });
    });
  });
}
