/** Ported conformance: process_hook_result (test_process_hook_result.py, test_context_manager_bridge.py). */
import { describe, expect, it } from "vitest";
import type { ApprovalSystem } from "../../../../src/approval.ts";
import { approvalTimeoutError } from "../../../../src/approval.ts";
import type { CoordinatorWarning } from "../../../../src/coordinator.ts";
import { ModuleCoordinator } from "../../../../src/coordinator.ts";
import { KernelError } from "../../../../src/errors.ts";
import type { Message } from "../../../../src/models/index.ts";
import { InMemoryContextManager, RecordingDisplay, ScriptedApproval } from "../../../../src/testing/index.ts";
import { core, fixedClock } from "./source.ts";

const PHR = "tests/test_process_hook_result.py";
const BRIDGE = "tests/test_context_manager_bridge.py";

function coordinatorWith(session: Record<string, unknown> = {}, warnings: CoordinatorWarning[] = []) {
  return new ModuleCoordinator({
    sessionId: "test-session",
    config: { session: { orchestrator: "loop-basic", ...session } },
    now: fixedClock(),
    onWarning: (warning) => warnings.push(warning),
  });
}

const timingOut: ApprovalSystem = {
  request_approval: async (prompt, _options, timeout) => Promise.reject(approvalTimeoutError(prompt, timeout)),
};

export function registerUpstreamProcessHookResultTests(): void {
  describe("upstream conformance: process_hook_result", () => {
    it(`${core(PHR, "test_inject_context_size_limit_exceeded")} an injection over the size limit is an error naming the limit`, async () => {
      const coordinator = coordinatorWith({ injection_size_limit: 10 });
      await expect(
        coordinator.process_hook_result(
          { action: "inject_context", context_injection: "x".repeat(20) },
          "tool:post_exec",
          "test",
        ),
      ).rejects.toSatisfy(
        (error: unknown) => KernelError.is(error, "invalid_result") && /exceeds 10 characters/.test(error.message),
      );
    });

    it(`${core(PHR, "test_inject_context_budget_exceeded_logs_warning")} going over the budget only warns and the message is still added`, async () => {
      const warnings: CoordinatorWarning[] = [];
      const coordinator = coordinatorWith({ injection_budget_per_turn: 1 }, warnings);
      const context = new InMemoryContextManager();
      await coordinator.mount("context", context);
      await coordinator.process_hook_result(
        { action: "inject_context", context_injection: "x".repeat(40) },
        "tool:post_exec",
        "test",
      );
      expect(context.messages).toHaveLength(1);
      expect(warnings.map((warning) => warning.code)).toEqual(["injection_budget_exceeded"]);
    });

    it(`${core(PHR, "test_ask_user_approved")} an "Allow once" answer continues`, async () => {
      const coordinator = coordinatorWith();
      coordinator.approval_system = new ScriptedApproval("Allow once");
      const processed = await coordinator.process_hook_result(
        { action: "ask_user", approval_prompt: "Allow this?" },
        "tool:pre_exec",
        "test",
      );
      expect(processed.action).toBe("continue");
    });

    it(`${core(PHR, "test_ask_user_denied")} a "Deny" answer denies with "User denied"`, async () => {
      const coordinator = coordinatorWith();
      coordinator.approval_system = new ScriptedApproval("Deny");
      const processed = await coordinator.process_hook_result(
        { action: "ask_user", approval_prompt: "Allow this?" },
        "e",
      );
      expect([processed.action, processed.reason]).toEqual(["deny", "User denied: Allow this?"]);
    });

    it(`${core(PHR, "test_ask_user_no_approval_system")} with no approval system, denies`, async () => {
      const processed = await coordinatorWith().process_hook_result({ action: "ask_user" }, "e");
      expect([processed.action, processed.reason]).toEqual(["deny", "No approval system available"]);
    });

    it(`${core(PHR, "test_ask_user_timeout_deny_default")} a timeout with the deny default denies, saying timeout`, async () => {
      const coordinator = coordinatorWith();
      coordinator.approval_system = timingOut;
      const processed = await coordinator.process_hook_result(
        { action: "ask_user", approval_prompt: "Allow this?", approval_default: "deny" },
        "e",
      );
      expect(processed.action).toBe("deny");
      expect(processed.reason?.toLowerCase()).toContain("timeout");
    });

    it(`${core(PHR, "test_ask_user_timeout_allow_default")} a timeout with the allow default continues`, async () => {
      const coordinator = coordinatorWith();
      coordinator.approval_system = timingOut;
      const processed = await coordinator.process_hook_result(
        { action: "ask_user", approval_prompt: "Allow this?", approval_default: "allow" },
        "e",
      );
      expect(processed.action).toBe("continue");
    });

    it(`${core(PHR, "test_user_message_with_display_system")} a user message reaches the display with its level and the hook's name`, async () => {
      const coordinator = coordinatorWith();
      const display = new RecordingDisplay();
      coordinator.display_system = display;
      await coordinator.process_hook_result(
        { action: "continue", user_message: "Found 3 issues", user_message_level: "warning" },
        "tool:post_exec",
        "checker",
      );
      expect(display.messages).toEqual([{ message: "Found 3 issues", level: "warning", source: "hook:checker" }]);
    });

    it(`${core(PHR, "test_user_message_no_display_falls_back_to_log")} with no display the message becomes a warning, not an error`, async () => {
      const warnings: CoordinatorWarning[] = [];
      const coordinator = coordinatorWith({}, warnings);
      const processed = await coordinator.process_hook_result(
        { action: "continue", user_message: "Some status message" },
        "e",
        "test",
      );
      expect([processed.action, warnings.map((warning) => warning.code)]).toEqual(["continue", ["no_display_system"]]);
    });

    it(`${core(PHR, "test_continue_returns_result_unchanged")} a continue comes back as it was`, async () => {
      const processed = await coordinatorWith().process_hook_result({ action: "continue", data: { a: 1 } }, "e");
      expect([processed.action, processed.data]).toEqual(["continue", { a: 1 }]);
    });

    it(`${core(PHR, "test_inject_context_ephemeral_skips_add_message_but_counts_tokens")} an ephemeral injection is not stored but counts`, async () => {
      const coordinator = coordinatorWith({ injection_budget_per_turn: 100 });
      const context = new InMemoryContextManager();
      await coordinator.mount("context", context);
      await coordinator.process_hook_result(
        { action: "inject_context", context_injection: "x".repeat(40), ephemeral: true },
        "tool:post_exec",
        "test",
      );
      expect([context.messages.length, coordinator.injected_tokens_this_turn]).toEqual([0, 10]);
    });

    it(`${core(PHR, "test_bare_dict_hook_result_raises_attribute_error")} (deliberate difference: a plain object is a HookResult here; only an invalid one is refused, by denying)`, async () => {
      const coordinator = coordinatorWith();
      expect((await coordinator.process_hook_result({ action: "continue" }, "e")).action).toBe("continue");
      expect((await coordinator.process_hook_result({ action: "explode" } as never, "e")).action).toBe("deny");
    });

    it(`${core(PHR, "test_ask_user_does_not_process_user_message")} an ask_user's user message is not shown`, async () => {
      const coordinator = coordinatorWith();
      const display = new RecordingDisplay();
      coordinator.display_system = display;
      coordinator.approval_system = new ScriptedApproval("Allow");
      await coordinator.process_hook_result({ action: "ask_user", user_message: "should not show" }, "e", "h");
      expect(display.messages).toEqual([]);
    });

    it(`${core(BRIDGE, "test_inject_context_calls_add_message")} a stored injection goes through add_message with hook metadata`, async () => {
      const coordinator = coordinatorWith();
      const added: Message[] = [];
      await coordinator.mount("context", {
        add_message: async (message: Message) => {
          added.push(message);
        },
      } as never);
      await coordinator.process_hook_result(
        { action: "inject_context", context_injection: "remember this", context_injection_role: "user" },
        "prompt:submit",
        "memory",
      );
      expect(added).toEqual([
        {
          role: "user",
          content: "remember this",
          metadata: {
            source: "hook",
            hook_name: "memory",
            event: "prompt:submit",
            timestamp: "2026-02-06T10:00:00.123+00:00",
          },
        },
      ]);
    });

    it(`${core(BRIDGE, "test_inject_context_sync_add_message")} a context whose add_message is synchronous works too`, async () => {
      const coordinator = coordinatorWith();
      const added: unknown[] = [];
      await coordinator.mount("context", { add_message: (message: unknown) => void added.push(message) } as never);
      await coordinator.process_hook_result({ action: "inject_context", context_injection: "sync" }, "e", "h");
      expect(added).toHaveLength(1);
    });

    it(`${core(BRIDGE, "test_inject_context_ephemeral_skips_add_message")} an ephemeral injection comes back for the orchestrator to splice`, async () => {
      const coordinator = coordinatorWith();
      const context = new InMemoryContextManager();
      await coordinator.mount("context", context);
      const processed = await coordinator.process_hook_result(
        { action: "inject_context", context_injection: "just this turn", ephemeral: true },
        "e",
      );
      expect([processed.context_injection, context.messages.length]).toEqual(["just this turn", 0]);
    });
  });
}
