/**
 * `sandbox.cold_mount_ms`: a new sandboxed module mounted inline in node, with a spare instance
 * ready (the composition prepares one off the critical path and refills after each mount): the
 * module assigned to the spare, its files evaluated, its `mount()` run and the tool proxy mounted
 * on the coordinator. `sandbox.cold_mount_ms.from_nothing`, measured in the same runs, alternating:
 * the same mount with no spare (`spares: 0`), so the mount also instantiates the wasm with its own
 * capped memory, creates the runtime and context and evaluates the prelude.
 *
 * Before each timed mount the spare is awaited and garbage collected, outside the timing; cleanup
 * is outside it too (the collections a new memory triggers stay on the from-nothing clock). Beside
 * the wall clock, the note gives the CPU time of this thread (where an inline mount runs, all of
 * it): on a loaded machine the wall clock of a 2 ms mount is often ten times that, waiting for a core.
 */
import { createSandboxes, type Sandboxes } from "../../sandbox/create-sandboxes.ts";
import { loadQuickJSWasm } from "../../worker/node/quickjs-wasm.ts";
import type { Benchmark, Timing } from "../harness.ts";
import { collectGarbage, fixed, median, metric, quantile, timed } from "../harness.ts";
import { benchCoordinator, sandboxedToolModule } from "../support/sandboxed-tool.ts";

/** One mount's wall clock, process CPU and this thread's CPU, in milliseconds. */
interface MountTiming extends Timing {
  thread: number;
}

/** Mounts the one-tool module inline once, after `sandboxes.warm()`; returns the mount's timing. */
async function mountOnce(sandboxes: Sandboxes): Promise<MountTiming> {
  await sandboxes.warm();
  const coordinator = benchCoordinator();
  const module = sandboxedToolModule(sandboxes, { sandbox: { placement: "inline" } });
  collectGarbage();
  const threadBefore = process.threadCpuUsage();
  const { value: cleanup, ...timing } = await timed(() => module.mount(coordinator, {}));
  const thread = process.threadCpuUsage(threadBefore);
  if (typeof cleanup === "function") await cleanup();
  return { ...timing, thread: (thread.user + thread.system) / 1000 };
}

export const sandboxColdMount: Benchmark = {
  name: "sandbox.cold_mount",
  async run({ quick }) {
    const wasmModule = await loadQuickJSWasm();
    await using withSpare = createSandboxes({ wasmModule, defaultPlacement: "inline" });
    await using fromNothing = createSandboxes({ wasmModule, defaultPlacement: "inline", spares: 0 });
    const runs = quick ? 8 : 60;
    const warmup = quick ? 2 : 5;
    const spare: MountTiming[] = [];
    const nothing: MountTiming[] = [];
    for (let index = 0; index < warmup + runs; index += 1) {
      const first = index % 2 === 0 ? withSpare : fromNothing;
      const second = first === withSpare ? fromNothing : withSpare;
      const timings = new Map([
        [first, await mountOnce(first)],
        [second, await mountOnce(second)],
      ]);
      if (index < warmup) continue;
      spare.push(timings.get(withSpare)!);
      nothing.push(timings.get(fromNothing)!);
    }
    const wall = (timings: MountTiming[]) => timings.map((timing) => timing.wall);
    const cpu = (timings: MountTiming[]) =>
      `process CPU ${fixed(median(timings.map((timing) => timing.cpu)))} ms, this thread's CPU ${fixed(median(timings.map((timing) => timing.thread)))} ms per mount (medians)`;
    return {
      "sandbox.cold_mount_ms": metric(
        median(wall(spare)),
        "ms",
        runs,
        `createSandboxes(inline).module(...).mount() with a spare instance ready, a one-tool module; p90 ${fixed(quantile(wall(spare), 0.9))} ms; ${cpu(spare)}`,
        { op: "<=", value: 2 },
      ),
      "sandbox.cold_mount_ms.from_nothing": metric(
        median(wall(nothing)),
        "ms",
        runs,
        `the same mount with no spare (spares: 0): wasm instance with its capped memory, runtime, context, prelude, then the module; p90 ${fixed(quantile(wall(nothing), 0.9))} ms; ${cpu(nothing)}`,
      ),
    };
  },
};
