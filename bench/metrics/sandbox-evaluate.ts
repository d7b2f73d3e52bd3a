/** Cost of evaluating one small module in a brand-new sandbox instance (node, same thread). */
import { evaluateModuleDefault } from "../../sandbox/runner/evaluate.ts";
import { loadQuickJSWasm } from "../../worker/node/quickjs-wasm.ts";
import { type Benchmark, median, metric, sample } from "../harness.ts";

export const sandboxEvaluate: Benchmark = {
  name: "sandbox.evaluate",
  async run({ quick }) {
    const wasmModule = await loadQuickJSWasm();
    const runs = quick ? 5 : 50;
    const durations = await sample(
      () => evaluateModuleDefault(wasmModule, "export default [1, 2, 3].map((n) => n * 2);"),
      runs,
      quick ? 1 : 5,
    );
    return {
      "sandbox.evaluate_fresh_ms": metric(
        median(durations),
        "ms",
        runs,
        "fresh wasm instance + runtime + context, evaluate a module, read its default export, dispose",
      ),
    };
  },
};
