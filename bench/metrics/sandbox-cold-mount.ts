/**
 * `sandbox.cold_mount_ms`: a new sandboxed module, inline in node: a wasm instance from the compiled
 * Module with its own capped memory, runtime, context, prelude, the module evaluated and its
 * `mount()` done (the tool proxy mounted on the coordinator). Cleanup runs outside the timing, and
 * garbage is collected before each mount, so a mount does not pay for freeing the previous
 * iteration's sandbox (the collections its own new memory triggers are still on its clock).
 */

import type { Benchmark } from "../harness.ts";
import { collectGarbage, fixed, median, metric, quantile, timed } from "../harness.ts";
import { benchCoordinator, nodeSandboxes, sandboxedToolModule } from "../support/sandboxed-tool.ts";

export const sandboxColdMount: Benchmark = {
  name: "sandbox.cold_mount",
  async run({ quick }) {
    await using sandboxes = await nodeSandboxes();
    const runs = quick ? 8 : 60;
    const warmup = quick ? 2 : 5;
    const durations: number[] = [];
    const cpu: number[] = [];
    for (let index = 0; index < warmup + runs; index += 1) {
      const coordinator = benchCoordinator();
      const module = sandboxedToolModule(sandboxes, { sandbox: { placement: "inline" } });
      collectGarbage();
      const { value: cleanup, ...timing } = await timed(() => module.mount(coordinator, {}));
      if (index >= warmup) {
        durations.push(timing.wall);
        cpu.push(timing.cpu);
      }
      if (typeof cleanup === "function") await cleanup();
    }
    return {
      "sandbox.cold_mount_ms": metric(
        median(durations),
        "ms",
        runs,
        `createSandboxedModule(...).mount() through the boundary's inline placement (MessageChannel + comlink), a one-tool module; p90 ${fixed(quantile(durations, 0.9))} ms; process CPU ${fixed(median(cpu))} ms per mount`,
        { op: "<=", value: 2 },
      ),
    };
  },
};
