/**
 * `npm run bench [-- --quick]`: runs every benchmark, prints a table and writes bench/results/latest.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { type Benchmark, formatTable, type MetricResult } from "./harness.ts";
import { sandboxEvaluate } from "./metrics/sandbox-evaluate.ts";

const benchmarks: Benchmark[] = [sandboxEvaluate];

async function runAll(quick: boolean): Promise<Record<string, MetricResult>> {
  const results: Record<string, MetricResult> = {};
  for (const benchmark of benchmarks) {
    process.stderr.write(`bench: ${benchmark.name}\n`);
    Object.assign(results, await benchmark.run({ quick }));
  }
  return results;
}

const quick = process.argv.includes("--quick");
const results = await runAll(quick);
const output = quick ? "bench/results/quick.tmp.json" : "bench/results/latest.json";
mkdirSync("bench/results", { recursive: true });
writeFileSync(output, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${formatTable(results)}\n\nwrote ${output}\n`);
