/**
 * `sandbox.memory_per_module_kib`: resident memory added per mounted sandboxed module, over 100
 * modules kept mounted, measured in a child process (`--expose-gc`, RSS after gc minus the
 * baseline after warm-up). Repeated in fresh processes; the median is reported.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Benchmark } from "../harness.ts";
import { fixed, median, metric } from "../harness.ts";

const run = promisify(execFile);

interface ChildReport {
  count: number;
  baseline: number;
  after: number;
  perModuleKiB: number;
}

async function measure(count: number): Promise<ChildReport> {
  const { stdout } = await run(
    process.execPath,
    ["--expose-gc", "--import", "tsx", "bench/children/memory-child.ts", String(count)],
    { timeout: 120_000 },
  );
  const line = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line) as ChildReport;
}

export const sandboxMemory: Benchmark = {
  name: "sandbox.memory",
  async run({ quick }) {
    const count = quick ? 20 : 100;
    const processes = quick ? 1 : 3;
    const reports: ChildReport[] = [];
    for (let index = 0; index < processes; index += 1) reports.push(await measure(count));
    const values = reports.map((report) => report.perModuleKiB);
    const first = reports[0]!;
    return {
      "sandbox.memory_per_module_kib": metric(
        median(values),
        "KiB",
        processes,
        `${count} one-tool modules mounted inline and kept, RSS after gc minus baseline, / ${count}; one child process per run; first run ${fixed(first.baseline / 1048576)} → ${fixed(first.after / 1048576)} MiB`,
        { op: "<=", value: 512 },
      ),
    };
  },
};
