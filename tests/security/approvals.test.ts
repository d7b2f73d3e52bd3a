/**
 * Approval timeouts: an approval nobody answers ends by its own deadline and fails closed unless the
 * asker chose otherwise; a deadline too long for `setTimeout` (past 24.8 days) must not fire at once,
 * which would apply an "allow" default without the user. Time is faked; nothing sleeps.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type ApprovalSystem, createSession, ModuleCoordinator } from "../../src/index.ts";
import { builtinModules } from "../../src/modules/index.ts";

/** An approval system whose answers the test gives when it wants. */
function manualApproval() {
  const waiting: ((answer: string) => void)[] = [];
  const prompts: string[] = [];
  const system: ApprovalSystem = {
    request_approval: (prompt) =>
      new Promise<string>((resolve) => {
        prompts.push(prompt);
        waiting.push(resolve);
      }),
  };
  return { system, prompts, answer: (text: string) => waiting.shift()?.(text) };
}

/** Tracks whether a promise settled, without awaiting it. */
function track<T>(promise: Promise<T>) {
  const state: { settled: boolean; value?: T } = { settled: false };
  void promise.then((value) => {
    state.settled = true;
    state.value = value;
  });
  return state;
}

describe("security: approval timeouts in node", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("an ask_user nobody answers is denied when its timeout passes (fail closed)", async () => {
    const approval = manualApproval();
    const coordinator = new ModuleCoordinator({ approvalSystem: approval.system });
    const pending = track(
      coordinator.process_hook_result({ action: "ask_user", approval_timeout: 0.5 }, "tool:pre", "h"),
    );
    await vi.advanceTimersByTimeAsync(400);
    expect(pending.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(pending.value).toMatchObject({ action: "deny", reason: expect.stringMatching(/timeout/i) });
  });

  it("an ask_user whose timeout is past 24.8 days still waits for the user instead of allowing at once", async () => {
    const approval = manualApproval();
    const coordinator = new ModuleCoordinator({ approvalSystem: approval.system });
    const pending = track(
      coordinator.process_hook_result(
        { action: "ask_user", approval_timeout: 1e10, approval_default: "allow" },
        "tool:pre",
        "h",
      ),
    );
    await vi.advanceTimersByTimeAsync(60_000);
    expect(pending.settled).toBe(false);
    approval.answer("Deny");
    await vi.advanceTimersByTimeAsync(0);
    expect(pending.value).toMatchObject({ action: "deny" });
  });

  it("hooks-approval with a timeout past 24.8 days waits for the user before a tool runs", async () => {
    const approval = manualApproval();
    const session = createSession(
      {
        session: { orchestrator: "loop-basic", context: "context-simple" },
        providers: [
          {
            module: "provider-mock",
            config: {
              script: [{ tool_calls: [{ name: "calculator", arguments: { expression: "6*7" } }] }, { text: "done" }],
            },
          },
        ],
        tools: [{ module: "tool-calculator" }],
        hooks: [{ module: "hooks-approval", config: { tools: ["calculator"], timeout: 1e10, default: "allow" } }],
      },
      { modules: builtinModules, approval: approval.system },
    );
    await session.initialize();
    const turn = track(session.execute("compute"));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(approval.prompts).toHaveLength(1);
    expect(turn.settled).toBe(false);
    approval.answer("Deny");
    await vi.advanceTimersByTimeAsync(0);
    await vi.waitFor(() => expect(turn.settled).toBe(true));
    const messages = (await session.coordinator.get("context")?.get_messages()) ?? [];
    expect(JSON.stringify(messages.filter((message) => message.role === "tool"))).toMatch(/denied/i);
    await session.cleanup();
  });
});
