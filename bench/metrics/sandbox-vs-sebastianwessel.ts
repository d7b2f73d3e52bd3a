/**
 * `sandbox.cold_run_ratio_vs_sebastianwessel`: one small module function run in a fresh sandbox,
 * ours vs `@sebastianwessel/quickjs` doing the same, pair by pair in this process (alternating
 * which goes first), both on the same QuickJS build (bellard, release, sync).
 *
 * Ours: a sandboxed tool module mounted inline (its own wasm instance and capped memory), its
 * `execute` called once, the sandbox stopped. Theirs: `runSandboxed` (a new runtime and context in
 * their shared wasm module, their defaults) evaluating a module that calls the same function.
 */
import releaseVariant from "@jitl/quickjs-wasmfile-release-sync";
import { loadQuickJs } from "@sebastianwessel/quickjs";
import type { Benchmark } from "../harness.ts";
import { fixed, median, metric, paired } from "../harness.ts";
import { ADD_INPUT, mountSandboxedTool, nodeSandboxes } from "../support/sandboxed-tool.ts";

const THEIR_SOURCE = `function add(input) {
  return { sum: input.a + input.b, label: input.label };
}
export default add(${JSON.stringify(ADD_INPUT)});
`;

export const sandboxVsSebastianwessel: Benchmark = {
  name: "sandbox.vs_sebastianwessel",
  async run({ quick }) {
    await using sandboxes = await nodeSandboxes();
    const { runSandboxed } = await loadQuickJs(releaseVariant);
    const ours = async () => {
      const mounted = await mountSandboxedTool(sandboxes, { sandbox: { placement: "inline" } });
      const result = await mounted.tool.execute({ ...ADD_INPUT });
      await mounted.cleanup();
      if (!result.success || (result.output as { sum?: number }).sum !== 42) throw new Error("ours: wrong answer");
    };
    const theirs = async () => {
      const result = await runSandboxed(async ({ evalCode }) => evalCode(THEIR_SOURCE));
      if (!result.ok || (result.data as { sum?: number }).sum !== 42) {
        throw new Error(`theirs: wrong answer ${JSON.stringify(result)}`);
      }
    };
    const runs = quick ? 6 : 40;
    const samples = await paired(ours, theirs, runs, quick ? 2 : 5);
    return {
      "sandbox.cold_run_ratio_vs_sebastianwessel": metric(
        median(samples.ratios),
        "ratio",
        runs,
        `median of per-pair ours/theirs; ours ${fixed(median(samples.ours))} ms (new wasm instance, mount, execute, stop), theirs ${fixed(median(samples.theirs))} ms (runSandboxed + evalCode, shared wasm module); process-CPU ratio ${fixed(median(samples.cpuRatios))}`,
        { op: "<=", value: 0.5 },
      ),
    };
  },
};
