/** §11.2: process_hook_result and the mount rules (reference §1). */
import { describe, expect, it } from "vitest";
import { approvalTimeoutError } from "../../../src/approval.ts";
import { type CoordinatorWarning, ModuleCoordinator } from "../../../src/coordinator.ts";
import { KernelError } from "../../../src/errors.ts";
import { InMemoryContextManager, MockTool, RecordingDisplay, ScriptedApproval } from "../../../src/testing/index.ts";

const now = () => new Date("2026-01-02T03:04:05.000Z");

async function withContext(options: ConstructorParameters<typeof ModuleCoordinator>[0] = {}) {
  const coordinator = new ModuleCoordinator({ sessionId: "s1", now, ...options });
  const context = new InMemoryContextManager();
  await coordinator.mount("context", context);
  return { coordinator, context };
}

export function registerProcessHookResultConformance(): void {
  describe("§11.2 process_hook_result and mount rules", () => {
    describe("injections", () => {
      it("a non-ephemeral injection is sanitized and stored in context with hook metadata", async () => {
        const { coordinator, context } = await withContext();
        const result = await coordinator.process_hook_result(
          {
            action: "inject_context",
            context_injection: "lint: 2 errors\u0000\u0007\ud800!",
            context_injection_role: "user",
          },
          "tool:post",
          "hooks-lint",
        );
        expect(result.context_injection).toBe("lint: 2 errors!");
        expect(await context.get_messages()).toEqual([
          {
            role: "user",
            content: "lint: 2 errors!",
            metadata: {
              source: "hook",
              hook_name: "hooks-lint",
              event: "tool:post",
              timestamp: "2026-01-02T03:04:05.000+00:00",
            },
          },
        ]);
      });

      it("an ephemeral injection is left to the orchestrator (not stored)", async () => {
        const { coordinator, context } = await withContext();
        const result = await coordinator.process_hook_result(
          { action: "inject_context", context_injection: "reminder", ephemeral: true },
          "provider:request",
        );
        expect(result).toMatchObject({ action: "inject_context", ephemeral: true, context_injection: "reminder" });
        expect(await context.get_messages()).toEqual([]);
      });

      it("an injection over injection_size_limit is rejected with the original's message", async () => {
        const { coordinator, context } = await withContext({ config: { session: { injection_size_limit: 5 } } });
        await expect(
          coordinator.process_hook_result({ action: "inject_context", context_injection: "123456" }, "e"),
        ).rejects.toThrow("Context injection exceeds 5 characters");
        expect(await context.get_messages()).toEqual([]);
      });

      it("going over injection_budget_per_turn only warns; reset_turn zeroes the counter", async () => {
        const warnings: CoordinatorWarning[] = [];
        const { coordinator, context } = await withContext({
          config: { session: { injection_budget_per_turn: 2 } },
          onWarning: (warning) => warnings.push(warning),
        });
        await coordinator.process_hook_result({ action: "inject_context", context_injection: "x".repeat(8) }, "e");
        expect(warnings).toEqual([]);
        await coordinator.process_hook_result({ action: "inject_context", context_injection: "y".repeat(8) }, "e");
        expect(warnings.map((warning) => warning.code)).toEqual(["injection_budget_exceeded"]);
        expect(await context.get_messages()).toHaveLength(2);
        expect(coordinator.injected_tokens_this_turn).toBe(4);
        coordinator.reset_turn();
        expect(coordinator.injected_tokens_this_turn).toBe(0);
      });
    });

    describe("user messages", () => {
      it("go to the display system with source hook:<name> unless the action is ask_user", async () => {
        const display = new RecordingDisplay();
        const coordinator = new ModuleCoordinator({
          displaySystem: display,
          approvalSystem: new ScriptedApproval("Allow"),
        });
        await coordinator.process_hook_result(
          { user_message: "took 2s", user_message_level: "warning" },
          "tool:post",
          "timing",
        );
        await coordinator.process_hook_result({ user_message: "custom", user_message_source: "linter" }, "e", "timing");
        await coordinator.process_hook_result({ action: "ask_user", user_message: "not shown" }, "e", "timing");
        expect(display.messages).toEqual([
          { message: "took 2s", level: "warning", source: "hook:timing" },
          { message: "custom", level: "info", source: "hook:linter" },
        ]);
      });

      it("with no display system, are reported as a warning and nothing fails", async () => {
        const warnings: CoordinatorWarning[] = [];
        const coordinator = new ModuleCoordinator({ onWarning: (warning) => warnings.push(warning) });
        const result = await coordinator.process_hook_result({ user_message: "hello" }, "e");
        expect(result.action).toBe("continue");
        expect(warnings[0]?.code).toBe("no_display_system");
      });
    });

    describe("ask_user", () => {
      it("with no approval system, denies", async () => {
        const coordinator = new ModuleCoordinator();
        const result = await coordinator.process_hook_result({ action: "ask_user" }, "tool:pre");
        expect(result).toMatchObject({ action: "deny", reason: "No approval system available" });
      });

      it("asks with the default prompt and options, and allow answers give a fresh continue", async () => {
        for (const answer of ["Allow", "allow once", "ALLOW ALWAYS"]) {
          const approval = new ScriptedApproval(answer);
          const coordinator = new ModuleCoordinator({ approvalSystem: approval });
          const result = await coordinator.process_hook_result({ action: "ask_user", reason: "r" }, "tool:pre");
          expect(result.action).toBe("continue");
          expect(result.reason).toBeUndefined();
          expect(approval.requests).toEqual([
            {
              prompt: "Allow this operation?",
              options: ["Allow", "Deny"],
              timeout: 300,
              default: "deny",
              asker: { source: "unknown", event: "tool:pre" },
            },
          ]);
        }
      });

      it("denies on Deny and on any unknown answer (the original only denied on exactly 'Deny')", async () => {
        for (const answer of ["Deny", "maybe", "yes please"]) {
          const coordinator = new ModuleCoordinator({ approvalSystem: new ScriptedApproval(answer) });
          const result = await coordinator.process_hook_result(
            { action: "ask_user", approval_prompt: "Run rm?" },
            "tool:pre",
          );
          expect(result).toMatchObject({ action: "deny", reason: "User denied: Run rm?" });
        }
      });

      it("approval timeout with default allow continues", async () => {
        const approval = new ScriptedApproval(() => {
          throw approvalTimeoutError("Run it?", 1);
        });
        const coordinator = new ModuleCoordinator({ approvalSystem: approval });
        const result = await coordinator.process_hook_result(
          { action: "ask_user", approval_prompt: "Run it?", approval_default: "allow", approval_timeout: 1 },
          "tool:pre",
        );
        expect(result.action).toBe("continue");
      });

      it("approval timeout with default deny denies with the original's reason", async () => {
        const approval = new ScriptedApproval(() => {
          throw approvalTimeoutError("Run it?", 1);
        });
        const coordinator = new ModuleCoordinator({ approvalSystem: approval });
        const result = await coordinator.process_hook_result(
          { action: "ask_user", approval_prompt: "Run it?" },
          "tool:pre",
        );
        expect(result).toMatchObject({ action: "deny", reason: "Approval timeout - denied by default: Run it?" });
      });

      it("an approval system that never answers is timed out by the kernel (the original would hang)", async () => {
        const coordinator = new ModuleCoordinator({
          approvalSystem: new ScriptedApproval(() => new Promise<string>(() => {})),
        });
        const result = await coordinator.process_hook_result(
          { action: "ask_user", approval_prompt: "Hello?", approval_timeout: 0.01 },
          "tool:pre",
        );
        expect(result).toMatchObject({ action: "deny", reason: "Approval timeout - denied by default: Hello?" });
      });

      it("other approval errors propagate", async () => {
        const coordinator = new ModuleCoordinator({
          approvalSystem: new ScriptedApproval(() => {
            throw new Error("UI crashed");
          }),
        });
        await expect(coordinator.process_hook_result({ action: "ask_user" }, "e")).rejects.toThrow("UI crashed");
      });
    });

    it("an invalid result given to process_hook_result fails closed (deny)", async () => {
      const coordinator = new ModuleCoordinator();
      const result = await coordinator.process_hook_result({ action: "nope" } as never, "e");
      expect(result.action).toBe("deny");
    });

    describe("mount rules", () => {
      it("an unknown mount point is an error naming it", async () => {
        const coordinator = new ModuleCoordinator();
        const error = await coordinator.mount("agents", {}).catch((caught: unknown) => caught);
        expect(KernelError.is(error, "unknown_mount_point")).toBe(true);
        expect((error as Error).message).toContain("Unknown mount point: agents");
        expect(() => coordinator.get("nowhere")).toThrow(/Unknown mount point: nowhere/);
        await expect(coordinator.unmount("nowhere")).rejects.toThrow(/Unknown mount point/);
      });

      it("hooks cannot be mounted; get('hooks') is the registry", async () => {
        const coordinator = new ModuleCoordinator();
        await expect(coordinator.mount("hooks", {})).rejects.toThrow(
          "Hooks should be registered directly with the HookRegistry",
        );
        expect(coordinator.get("hooks")).toBe(coordinator.hooks);
      });

      it("single mount points are replaced silently; unmount empties them", async () => {
        const coordinator = new ModuleCoordinator();
        const first = new InMemoryContextManager();
        const second = new InMemoryContextManager();
        await coordinator.mount("context", first);
        await coordinator.mount("context", second);
        expect(coordinator.get("context")).toBe(second);
        await coordinator.unmount("context");
        expect(coordinator.get("context")).toBeUndefined();
        expect(coordinator.get("orchestrator")).toBeUndefined();
      });

      it("multi mount points use the name, else module.name, else fail with name_required", async () => {
        const coordinator = new ModuleCoordinator();
        await coordinator.mount("tools", new MockTool({ name: "echo" }));
        await coordinator.mount("tools", new MockTool({ name: "x" }), { name: "renamed" });
        await coordinator.mount("tools", new MockTool({ name: "y" }), "positional");
        expect(Object.keys(coordinator.get("tools"))).toEqual(["echo", "renamed", "positional"]);
        const error = await coordinator.mount("providers", {} as never).catch((caught: unknown) => caught);
        expect(KernelError.is(error, "name_required")).toBe(true);
      });

      it("the same name overwrites; unmount needs a name and ignores missing entries", async () => {
        const coordinator = new ModuleCoordinator();
        const a = new MockTool({ name: "t", output: "a" });
        const b = new MockTool({ name: "t", output: "b" });
        await coordinator.mount("tools", a);
        await coordinator.mount("tools", b);
        expect(coordinator.get("tools", "t")).toBe(b);
        await expect(coordinator.unmount("tools")).rejects.toThrow(/Name required/);
        await coordinator.unmount("tools", { name: "missing" });
        await coordinator.unmount("tools", { name: "t" });
        expect(coordinator.get("tools")).toEqual({});
      });

      it("the guide's old mount('session', x, {name: 'context'}) form still mounts the context", async () => {
        const coordinator = new ModuleCoordinator();
        const context = new InMemoryContextManager();
        await coordinator.mount("session", context, { name: "context" });
        expect(coordinator.get("context")).toBe(context);
      });

      it("capabilities overwrite and read back (undefined when missing)", () => {
        const coordinator = new ModuleCoordinator();
        coordinator.register_capability("session.working_dir", "/a");
        coordinator.register_capability("session.working_dir", "/b");
        expect(coordinator.get_capability("session.working_dir")).toBe("/b");
        expect(coordinator.get_capability("nothing")).toBeUndefined();
      });

      it("contributions: in order, sync or async, empty values dropped, failures skipped and reported", async () => {
        const warnings: CoordinatorWarning[] = [];
        const coordinator = new ModuleCoordinator({ onWarning: (warning) => warnings.push(warning) });
        coordinator.register_contributor("observability.events", "a", () => ["a:start"]);
        coordinator.register_contributor("observability.events", "b", async () => ["b:start"]);
        coordinator.register_contributor("observability.events", "c", () => undefined);
        coordinator.register_contributor("observability.events", "d", () => {
          throw new Error("bad");
        });
        coordinator.register_contributor("observability.events", "a", () => ["a:again"]);
        expect(await coordinator.collect_contributions("observability.events")).toEqual([
          ["a:start"],
          ["b:start"],
          ["a:again"],
        ]);
        expect(warnings).toHaveLength(1);
        expect(await coordinator.collect_contributions("empty")).toEqual([]);
      });

      it("a cancellation while collecting stops with the partial list", async () => {
        const coordinator = new ModuleCoordinator();
        coordinator.register_contributor("c", "a", () => 1);
        coordinator.register_contributor("c", "b", () => {
          throw new KernelError("cancelled", "stop");
        });
        coordinator.register_contributor("c", "c", () => 3);
        expect(await coordinator.collect_contributions("c")).toEqual([1]);
      });

      it("cleanup runs in reverse order, collects errors and runs everything once", async () => {
        const coordinator = new ModuleCoordinator();
        const order: string[] = [];
        coordinator.register_cleanup(() => {
          order.push("first");
        });
        coordinator.register_cleanup(async () => {
          order.push("second");
          throw new Error("second failed");
        });
        coordinator.register_cleanup(null);
        coordinator.register_cleanup("not a function" as never);
        coordinator.register_cleanup(() => {
          order.push("third");
          throw new Error("third failed");
        });
        const errors = await coordinator.cleanup();
        expect(order).toEqual(["third", "second", "first"]);
        expect(errors.map((error) => (error as Error).message)).toEqual(["third failed", "second failed"]);
        expect(await coordinator.cleanup()).toEqual([]);
        expect(order).toHaveLength(3);
      });

      it("to_dict summarizes the coordinator", async () => {
        const coordinator = new ModuleCoordinator({ displaySystem: new RecordingDisplay() });
        await coordinator.mount("tools", new MockTool({ name: "echo" }));
        coordinator.register_capability("x", 1);
        expect(coordinator.to_dict()).toEqual({
          tools: ["echo"],
          providers: [],
          has_orchestrator: false,
          has_context: false,
          capabilities: ["x"],
          has_approval_provider: false,
          has_display_service: true,
        });
      });

      it("session_state is shared between modules", async () => {
        const coordinator = new ModuleCoordinator();
        coordinator.session_state.require_approval_tools = ["bash"];
        expect(coordinator.session_state).toEqual({ require_approval_tools: ["bash"] });
      });
    });
  });
}
