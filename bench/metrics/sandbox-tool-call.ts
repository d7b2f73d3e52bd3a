/**
 * `sandbox.tool_call_us.inline` / `.worker`: the kernel calls a sandboxed tool's `execute` (the
 * host-side proxy) and gets its ToolResult back, small JSON in and out, per placement.
 */

import type { Benchmark, MetricResult } from "../harness.ts";
import { fixed, median, metric, perCallMicros, quantile } from "../harness.ts";
import { ADD_INPUT, mountSandboxedTool, nodeSandboxes } from "../support/sandboxed-tool.ts";

const TARGETS = { inline: 30, worker: 150 } as const;

export const sandboxToolCall: Benchmark = {
  name: "sandbox.tool_call",
  async run({ quick }) {
    await using sandboxes = await nodeSandboxes();
    const calls = quick ? 50 : 500;
    const batches = quick ? 5 : 15;
    const warmupCalls = quick ? 200 : 3_000;
    const results: Record<string, MetricResult> = {};
    for (const placement of ["inline", "worker"] as const) {
      const name = `sandbox.tool_call_us.${placement}`;
      const target = { op: "<=" as const, value: TARGETS[placement] };
      if (!sandboxes.placements.includes(placement)) {
        results[name] = metric(Number.NaN, "us", 0, `placement ${placement} is not available in node yet`, target);
        continue;
      }
      const mounted = await mountSandboxedTool(sandboxes, { sandbox: { placement } });
      try {
        const answer = await mounted.tool.execute({ ...ADD_INPUT });
        if (!answer.success) throw new Error(`the sandboxed tool failed: ${JSON.stringify(answer)}`);
        const samples = await perCallMicros(() => mounted.tool.execute({ ...ADD_INPUT }), calls, batches, warmupCalls);
        results[name] = metric(
          median(samples.wall),
          "us",
          batches,
          `tool.execute({a,b,label}) → ToolResult via the ${placement} placement, ${calls} sequential calls per batch after ${warmupCalls} warm-up calls; slowest batch ${fixed(quantile(samples.wall, 1))} us; process CPU ${fixed(median(samples.cpu))} us per call`,
          target,
        );
      } finally {
        await mounted.cleanup();
      }
    }
    return results;
  },
};
