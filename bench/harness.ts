/**
 * The benchmark harness: medians over repeated runs after warm-up, results with targets, a table and JSON.
 */

/** One measured metric as written to bench/results/latest.json. */
export interface MetricResult {
  value: number;
  unit: string;
  runs: number;
  note: string;
  target?: { op: "<=" | ">="; value: number };
  met?: boolean;
}

/** A benchmark: a name, what it measures, and a function that returns its metrics. */
export interface Benchmark {
  name: string;
  run(options: { quick: boolean }): Promise<Record<string, MetricResult>>;
}

/** The median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Times `body` `runs` times after `warmup` untimed calls; returns each run's duration in milliseconds. */
export async function sample(body: () => Promise<unknown> | unknown, runs: number, warmup: number): Promise<number[]> {
  for (let index = 0; index < warmup; index += 1) await body();
  const durations: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const started = performance.now();
    await body();
    durations.push(performance.now() - started);
  }
  return durations;
}

/** Builds a metric and marks whether it meets its target. */
export function metric(
  value: number,
  unit: string,
  runs: number,
  note: string,
  target?: { op: "<=" | ">="; value: number },
): MetricResult {
  const rounded = Number(value.toPrecision(4));
  if (!target) return { value: rounded, unit, runs, note };
  const met = target.op === "<=" ? rounded <= target.value : rounded >= target.value;
  return { value: rounded, unit, runs, note, target, met };
}

/** Formats results as a fixed-width table for the terminal. */
export function formatTable(results: Record<string, MetricResult>): string {
  const rows = Object.entries(results).map(([name, result]) => [
    name,
    `${result.value} ${result.unit}`,
    result.target ? `${result.target.op} ${result.target.value}` : "-",
    result.met === undefined ? "-" : result.met ? "met" : "MISSED",
    String(result.runs),
  ]);
  const header = ["metric", "median", "target", "status", "runs"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join("  ");
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}
