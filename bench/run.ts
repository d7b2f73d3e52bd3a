/**
 * `npm run bench [-- --quick] [-- --only <prefix>,<prefix>]`: runs the benchmarks, prints a table
 * with every metric's target and whether it is met, and writes bench/results/latest.json
 * (`--quick`: few iterations, bench/results/quick.tmp.json; `--only`: a subset, not written to latest.json).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { type Benchmark, formatTable, type MetricResult, machineDescription } from "./harness.ts";
import { contextCompaction } from "./metrics/context-compaction.ts";
import { machineCalibration } from "./metrics/machine-calibration.ts";
import { sandboxColdMount } from "./metrics/sandbox-cold-mount.ts";
import { sandboxEvaluate } from "./metrics/sandbox-evaluate.ts";
import { sandboxKill } from "./metrics/sandbox-kill.ts";
import { sandboxMemory } from "./metrics/sandbox-memory.ts";
import { sandboxToolCall } from "./metrics/sandbox-tool-call.ts";
import { sandboxVsSebastianwessel } from "./metrics/sandbox-vs-sebastianwessel.ts";
import { storeIndexedDB } from "./metrics/store-indexeddb.ts";
import { turnVsAiSdk } from "./metrics/turn-vs-ai-sdk.ts";
import { workerFirstEvent } from "./metrics/worker-first-event.ts";

const benchmarks: Benchmark[] = [
  machineCalibration,
  sandboxEvaluate,
  sandboxColdMount,
  sandboxToolCall,
  sandboxMemory,
  sandboxKill,
  sandboxVsSebastianwessel,
  turnVsAiSdk,
  contextCompaction,
  storeIndexedDB,
  workerFirstEvent,
];

function optionValue(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

async function runAll(selected: readonly Benchmark[], quick: boolean): Promise<Record<string, MetricResult>> {
  const results: Record<string, MetricResult> = {};
  for (const benchmark of selected) {
    const started = performance.now();
    process.stderr.write(`bench: ${benchmark.name}\n`);
    Object.assign(results, await benchmark.run({ quick }));
    process.stderr.write(`bench: ${benchmark.name} took ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  return results;
}

const quick = process.argv.includes("--quick");
const only = optionValue("--only")?.split(",");
const selected = only
  ? benchmarks.filter((benchmark) => only.some((prefix) => benchmark.name.startsWith(prefix)))
  : benchmarks;
if (selected.length === 0) throw new Error(`--only ${only?.join(",")} matches no benchmark`);
process.stderr.write(`bench: ${machineDescription()}\n`);
const started = performance.now();
const results = await runAll(selected, quick);
const output = quick
  ? "bench/results/quick.tmp.json"
  : only
    ? "bench/results/partial.tmp.json"
    : "bench/results/latest.json";
mkdirSync("bench/results", { recursive: true });
writeFileSync(output, `${JSON.stringify(results, null, 2)}\n`);
const missed = Object.values(results).filter((result) => result.met === false).length;
process.stdout.write(
  `${formatTable(results)}\n\n${missed} of ${Object.values(results).filter((result) => result.met !== undefined).length} targets missed; ` +
    `${((performance.now() - started) / 1000).toFixed(0)} s; wrote ${output}\n`,
);
// Worker threads, Chromium and workerd are closed by their benchmarks; nothing should hold the loop,
// but a stray handle in a dependency must not turn a finished run into a hang.
process.exit(0);
