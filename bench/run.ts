/**
 * `npm run bench [-- --quick] [-- --only <prefix>,<prefix>]`: runs every benchmark, each in a
 * process of its own, prints a table with every metric's target and whether it is met, and writes
 * bench/results/latest.json. `--quick`: few iterations, bench/results/quick.tmp.json. `--only` (a
 * subset), or a run in which a benchmark failed: bench/results/partial.tmp.json. Exits 1 when a
 * benchmark failed, or when a metric of bench/catalogue.ts is missing or lacks its unit or target
 * (so `--quick` is the benchmarks' smoke test).
 */
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { promisify } from "node:util";
import { BENCHMARKS, type BenchmarkEntry } from "./benchmarks.ts";
import { catalogueProblems } from "./catalogue.ts";
import { formatTable, type MetricResult, machineDescription } from "./harness.ts";

const execute = promisify(execFile);

function optionValue(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

/** Runs one benchmark in a child process (`bench/run-one.ts`) and parses the metrics it prints. */
async function runInChild(entry: BenchmarkEntry, quick: boolean): Promise<Record<string, MetricResult>> {
  const args = ["--expose-gc", "--import", "tsx", "bench/run-one.ts", entry.name, ...(quick ? ["--quick"] : [])];
  const child = execute(process.execPath, args, { timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
  child.child.stderr?.pipe(process.stderr);
  const { stdout } = await child;
  const line = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line) as Record<string, MetricResult>;
}

/** Runs each benchmark in turn; one that fails is reported and the others still run. */
async function runAll(
  selected: readonly BenchmarkEntry[],
  quick: boolean,
): Promise<{ results: Record<string, MetricResult>; failures: string[] }> {
  const results: Record<string, MetricResult> = {};
  const failures: string[] = [];
  for (const entry of selected) {
    const started = performance.now();
    process.stderr.write(`bench: ${entry.name}\n`);
    try {
      Object.assign(results, await runInChild(entry, quick));
    } catch (error) {
      failures.push(`${entry.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    process.stderr.write(`bench: ${entry.name} took ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  return { results, failures };
}

const quick = process.argv.includes("--quick");
const only = optionValue("--only")?.split(",");
const selected = only ? BENCHMARKS.filter((entry) => only.some((prefix) => entry.name.startsWith(prefix))) : BENCHMARKS;
if (selected.length === 0) throw new Error(`--only ${only?.join(",")} matches no benchmark`);
process.stderr.write(`bench: ${machineDescription()}\n`);
const started = performance.now();
const { results, failures } = await runAll(selected, quick);
// A run that lacks a metric, or writes one without its target, is a failed run (see catalogue.ts).
const failed = new Set(failures.map((failure) => failure.slice(0, failure.indexOf(":"))));
const ran = selected.map((entry) => entry.name).filter((name) => !failed.has(name));
failures.push(...catalogueProblems(results, ran));
// latest.json only ever holds a complete full run.
const output = quick
  ? "bench/results/quick.tmp.json"
  : only || failures.length > 0
    ? "bench/results/partial.tmp.json"
    : "bench/results/latest.json";
mkdirSync("bench/results", { recursive: true });
writeFileSync(output, `${JSON.stringify(results, null, 2)}\n`);
const targeted = Object.values(results).filter((result) => result.met !== undefined);
const missed = targeted.filter((result) => result.met === false).length;
process.stdout.write(
  `${formatTable(results)}\n\n${missed} of ${targeted.length} targets missed; ` +
    `${((performance.now() - started) / 1000).toFixed(0)} s; wrote ${output}\n`,
);
for (const failure of failures) process.stderr.write(`bench: FAILED ${failure}\n`);
process.exitCode = failures.length > 0 ? 1 : 0;
