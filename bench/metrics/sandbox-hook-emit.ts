/**
 * `sandbox.hook_emit_us`: what one sandboxed hook adds to one `coordinator.hooks.emit`, inline.
 * Hooks run on every event, streaming deltas included, so the event is a `content_block:delta`
 * and the hook the common kind: a hook module (no transcript grant, so it receives the delta's
 * metadata) whose handler returns nothing. Measured in the same rounds as the same emit on a
 * coordinator with no handler (`sandbox.hook_emit_us.no_hook`) and with one in-process handler
 * that also returns nothing (`.trusted_hook`); the metric is the median of the per-round
 * differences between the sandboxed and the no-hook emit.
 */
import { CONTENT_BLOCK_DELTA } from "../../src/hooks/events.ts";
import type { Benchmark } from "../harness.ts";
import { fixed, interleavedPerCall, median, metric, quantile } from "../harness.ts";
import { benchCoordinator, nodeSandboxes } from "../support/sandboxed-tool.ts";

/** A hook module that watches every text delta and lets it pass. */
const DELTA_HOOK_SOURCE = `export async function mount(coordinator) {
  coordinator.hooks.register(${JSON.stringify(CONTENT_BLOCK_DELTA)}, async () => undefined, { name: "watch-deltas" });
}
`;

const DELTA = Object.freeze({ block_index: 0, block_type: "text", delta: "Hello, wor" });

export const sandboxHookEmit: Benchmark = {
  name: "sandbox.hook_emit",
  async run({ quick }) {
    await using sandboxes = await nodeSandboxes();
    const calls = quick ? 50 : 500;
    const rounds = quick ? 5 : 15;
    const warmupCalls = quick ? 200 : 3_000;
    const sandboxed = benchCoordinator();
    const cleanup = await sandboxes
      .module(
        { files: { "index.js": DELTA_HOOK_SOURCE }, entry: "index.js" },
        { id: "hook-deltas", kind: "hook", sandbox: { placement: "inline" } },
      )
      .mount(sandboxed, {});
    if (typeof cleanup !== "function") throw new Error("the sandboxed hook did not mount");
    try {
      const bare = benchCoordinator();
      const trusted = benchCoordinator();
      trusted.hooks.register(CONTENT_BLOCK_DELTA, async () => undefined, { name: "watch-deltas" });
      const emitOn = (coordinator: typeof bare) => async () => {
        const result = await coordinator.hooks.emit(CONTENT_BLOCK_DELTA, { ...DELTA });
        if (result.action !== "continue") throw new Error(`the emit did not continue: ${JSON.stringify(result)}`);
      };
      const samples = await interleavedPerCall(
        {
          none: { run: emitOn(bare), calls: calls * 10 },
          trusted: { run: emitOn(trusted), calls: calls * 10 },
          sandboxed: { run: emitOn(sandboxed), calls },
        },
        rounds,
        warmupCalls,
      );
      const added = samples.sandboxed.wall.map((value, index) => value - samples.none.wall[index]!);
      const cpuAdded = samples.sandboxed.thread.map((value, index) => value - samples.none.thread[index]!);
      return {
        "sandbox.hook_emit_us": metric(
          median(added),
          "us",
          rounds,
          `hooks.emit("${CONTENT_BLOCK_DELTA}") with one sandboxed hook (inline, returns nothing) minus the same emit with no hook, round by round, ${calls} emits per round after ${warmupCalls} warm-up; the sandboxed emit ${fixed(median(samples.sandboxed.wall))} us (slowest round ${fixed(quantile(samples.sandboxed.wall, 1))}); this thread's CPU added ${fixed(median(cpuAdded))} us`,
          { op: "<=", value: 50 },
        ),
        "sandbox.hook_emit_us.no_hook": metric(
          median(samples.none.wall),
          "us",
          rounds,
          `the same emit on a coordinator with no handler for the event, ${calls * 10} emits per round`,
        ),
        "sandbox.hook_emit_us.trusted_hook": metric(
          median(samples.trusted.wall),
          "us",
          rounds,
          `the same emit with one in-process handler that returns nothing, ${calls * 10} emits per round (what the registry itself adds for a handler)`,
        ),
      };
    } finally {
      await cleanup();
    }
  },
};
