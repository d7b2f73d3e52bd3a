/**
 * The rest of the contract a sandboxed module sees: contribution channels, the cancellation
 * state, cancelled calls, and the plan's `sandbox:` block (strict, with defaults).
 */
import { DEFAULT_SANDBOX_LIMITS, resolveSandboxLimits } from "../../../sandbox/kernel/limits.ts";
import { KernelError } from "../../../src/index.ts";
import { equal, matches, ok } from "./check.ts";
import type { SandboxScenario } from "./environment.ts";
import { mounted, tool } from "./scenarios-engine.ts";

export const contractScenarios: SandboxScenario[] = [
  {
    name: "register_contributor: the kernel collects what the guest contributes",
    async run(harness) {
      const { coordinator, cleanup } = await mounted(
        harness,
        `export async function mount(coordinator) {
  coordinator.register_contributor("observability.events", "guest-events", async () => ["guest:started", "guest:done"]);
}`,
      );
      equal(
        await coordinator.collect_contributions("observability.events"),
        [["guest:started", "guest:done"]],
        "contributions",
      );
      await cleanup();
    },
  },
  {
    name: "the guest sees the session's cancellation state, and an aborted call returns at once",
    async run(harness) {
      const { coordinator, cleanup } = await mounted(
        harness,
        `import { ToolResult } from "amplifier-core";
let owner;
export async function mount(coordinator) {
  owner = coordinator;
  await coordinator.mount("tools", { name: "probe", description: "d", execute: async () => ToolResult.ok(owner.cancellation.state) });
}`,
      );
      const probe = tool(coordinator);
      equal((await probe.execute({})).output, "none", "before");
      await coordinator.request_cancel(false);
      equal((await probe.execute({})).output, "graceful", "after a graceful request");
      const controller = new AbortController();
      controller.abort();
      const aborted = await probe.execute({}, { signal: controller.signal });
      equal([aborted.success, aborted.error?.code], [false, "cancelled"], "a call on an aborted signal");
      await cleanup();
    },
  },
  {
    name: "the plan's sandbox block is strict and has the documented defaults",
    async run(harness) {
      equal(resolveSandboxLimits(undefined), DEFAULT_SANDBOX_LIMITS, "defaults");
      equal(
        [DEFAULT_SANDBOX_LIMITS.memoryMiB, DEFAULT_SANDBOX_LIMITS.timeoutMs, DEFAULT_SANDBOX_LIMITS.stackBytes],
        [64, 1000, 256 * 1024],
        "64 MiB, 1 s, 256 KiB",
      );
      equal(
        [DEFAULT_SANDBOX_LIMITS.maxMessageBytes, DEFAULT_SANDBOX_LIMITS.restarts],
        [1024 * 1024, 3],
        "1 MiB, 3 restarts",
      );
      const custom = resolveSandboxLimits({
        memory_mb: 32,
        timeout_ms: 250,
        stack_kb: 128,
        max_mounts: 2,
        restarts: 0,
      });
      equal(
        [custom.memoryMiB, custom.timeoutMs, custom.stackBytes, custom.maxMounts, custom.restarts],
        [32, 250, 131072, 2, 0],
        "custom",
      );
      for (const [block, pattern] of [
        [{ memory_mb: 64, timeout: 5 }, /^sandbox: .*timeout/],
        [{ memory_mb: 8 }, /^sandbox\.memory_mb: must be at least 16/],
        [{ timeout_ms: -1 }, /^sandbox\.timeout_ms: /],
        [{ placement: "cloud" }, /^sandbox\.placement: /],
      ] as const) {
        let error: unknown;
        try {
          resolveSandboxLimits(block as never);
        } catch (caught) {
          error = caught;
        }
        ok(KernelError.is(error, "invalid_config"), `${JSON.stringify(block)} is invalid_config`);
        matches((error as Error).message, pattern, `${JSON.stringify(block)} message`);
      }
      let thrown: unknown;
      try {
        harness.module("export async function mount() {}", { sandbox: { memory: 1 } as never });
      } catch (caught) {
        thrown = caught;
      }
      ok(KernelError.is(thrown, "invalid_config"), "an unknown key fails the module before it loads");
    },
  },
];
