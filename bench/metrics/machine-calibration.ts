/**
 * `machine.calibration_fib24_ms`: native V8 `fib(24)`, so figures from different runs and machines
 * can be compared (the reference machine of docs/quickjs-sandbox.md took about 1.1 ms). The note
 * records the CPU, node and the load average when the run started: the machines are shared.
 */

import type { Benchmark } from "../harness.ts";
import { fixed, machineDescription, median, metric, sample } from "../harness.ts";

function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

export const machineCalibration: Benchmark = {
  name: "machine.calibration",
  async run({ quick }) {
    const runs = quick ? 10 : 50;
    let sink = 0;
    const durations = await sample(
      () => {
        sink += fib(24);
      },
      runs,
      5,
    );
    if (sink === 0) throw new Error("fib was optimised away");
    const value = median(durations);
    return {
      "machine.calibration_fib24_ms": metric(
        value,
        "ms",
        runs,
        `native fib(24); ${fixed(value / 1.1)}× the reference machine's 1.1 ms; ${machineDescription()}`,
      ),
    };
  },
};
