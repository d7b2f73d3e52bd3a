/**
 * `sandbox.kill_overshoot_ms`: how long past its deadline a guest's infinite loop keeps the
 * caller waiting. A sandboxed tool spins in `execute`; the time from the call to its failed
 * ToolResult, minus the module's `timeout_ms`, is the overshoot (an upper bound: it includes the
 * call's own round trip and the kill: disposing the instance and failing the call).
 */

import type { Benchmark } from "../harness.ts";
import { fixed, median, metric, quantile } from "../harness.ts";
import { mountSandboxedTool, nodeSandboxes, SPIN_TOOL_SOURCE } from "../support/sandboxed-tool.ts";

const TIMEOUT_MS = 250;

export const sandboxKill: Benchmark = {
  name: "sandbox.kill",
  async run({ quick }) {
    await using sandboxes = await nodeSandboxes();
    const runs = quick ? 3 : 15;
    const overshoots: number[] = [];
    for (let index = 0; index < runs + 1; index += 1) {
      const mounted = await mountSandboxedTool(sandboxes, {
        source: SPIN_TOOL_SOURCE,
        sandbox: { placement: "inline", timeout_ms: TIMEOUT_MS, restarts: 0 },
      });
      try {
        const started = performance.now();
        const result = await mounted.tool.execute({});
        const elapsed = performance.now() - started;
        if (result.success) throw new Error("the spinning tool returned a success");
        const code = (result.error as { code?: unknown } | undefined)?.code;
        if (code !== "sandbox_timeout")
          throw new Error(`expected sandbox_timeout, got ${JSON.stringify(result.error)}`);
        if (index > 0) overshoots.push(elapsed - TIMEOUT_MS);
      } finally {
        await mounted.cleanup();
      }
    }
    return {
      "sandbox.kill_overshoot_ms": metric(
        median(overshoots),
        "ms",
        runs,
        `for(;;){} in a sandboxed tool with timeout_ms ${TIMEOUT_MS}, inline: call-to-failed-ToolResult time minus the timeout (Date.now deadline, 1 ms resolution); worst ${fixed(quantile(overshoots, 1))} ms`,
        { op: "<=", value: 5 },
      ),
    };
  },
};
