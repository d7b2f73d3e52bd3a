/**
 * Who owns an approval's deadline, on injected timers: the kernel times out a system that says
 * nothing about it, and waits for one that enforces the timeout itself (`enforces_timeout`), so the
 * outcome that system announces is the one the kernel applies.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type ApprovalSystem, approvalTimeoutError } from "../../../src/approval.ts";
import { ModuleCoordinator } from "../../../src/index.ts";

/** An approval system that answers only when the test says so. */
function heldApproval(enforcesTimeout: boolean) {
  const held: { answer?: (decision: string) => void; fail?: (error: Error) => void } = {};
  const system: ApprovalSystem = {
    ...(enforcesTimeout ? { enforces_timeout: true } : {}),
    request_approval: () =>
      new Promise<string>((resolve, reject) => {
        held.answer = resolve;
        held.fail = reject;
      }),
  };
  return { system, held };
}

const ask = { action: "ask_user", approval_prompt: "Run it?", approval_timeout: 1, approval_default: "deny" } as const;

describe("process_hook_result: the approval deadline", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("times out a system that does not enforce the timeout, at the timeout", async () => {
    const { system } = heldApproval(false);
    const settled = vi.fn();
    const outcome = new ModuleCoordinator({ approvalSystem: system }).process_hook_result(ask, "tool:pre");
    void outcome.then(settled);
    await vi.advanceTimersByTimeAsync(999);
    expect(settled).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toMatchObject({ action: "deny", reason: "Approval timeout - denied by default: Run it?" });
  });

  it("waits past the timeout for a system that enforces it, and applies what that system decides", async () => {
    const { system, held } = heldApproval(true);
    const settled = vi.fn();
    const outcome = new ModuleCoordinator({ approvalSystem: system }).process_hook_result(ask, "tool:pre");
    void outcome.then(settled);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(settled).not.toHaveBeenCalled();
    held.answer?.("Allow");
    expect(await outcome).toMatchObject({ action: "continue" });
  });

  it("applies the default when a system that enforces the timeout reports it", async () => {
    const { system, held } = heldApproval(true);
    const outcome = new ModuleCoordinator({ approvalSystem: system }).process_hook_result(
      { ...ask, approval_default: "allow" },
      "tool:pre",
    );
    await vi.advanceTimersByTimeAsync(0);
    held.fail?.(approvalTimeoutError("Run it?", 1));
    expect(await outcome).toMatchObject({ action: "continue" });
  });
});
