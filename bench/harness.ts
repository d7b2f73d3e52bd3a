/**
 * The benchmark harness: medians over repeated runs after warm-up, results with targets, a table and JSON.
 */
import { cpus, loadavg } from "node:os";

/** A metric's target: the value must be `<=` or `>=` this. */
export interface Target {
  op: "<=" | ">=";
  value: number;
}

/** One measured metric as written to bench/results/latest.json. */
export interface MetricResult {
  value: number;
  unit: string;
  runs: number;
  note: string;
  target?: Target;
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

/** The `fraction` quantile (0..1) of a non-empty list, by nearest rank. */
export function quantile(values: readonly number[], fraction: number): number {
  if (values.length === 0) throw new Error("quantile of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank]!;
}

/** One timed run: wall-clock and process CPU (user + system, every thread) milliseconds. */
export interface Timing {
  wall: number;
  cpu: number;
}

/** Runs `body` once and times it (wall clock and process CPU). */
export async function timed<T>(body: () => Promise<T> | T): Promise<Timing & { value: T }> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const value = await body();
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { wall, cpu: (cpu.user + cpu.system) / 1000, value };
}

/**
 * Collects garbage when the process runs with `--expose-gc` (bench/run.ts starts every benchmark
 * so): called between timed runs, so one run's garbage is not collected on the next run's clock.
 */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
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

/** Per-call costs of a batch benchmark, in microseconds: wall clock, and CPU time of this process. */
export interface PerCallSamples {
  wall: number[];
  /** User + system CPU time of the whole process (every thread) per call; load on the machine does not inflate it. */
  cpu: number[];
}

/**
 * Times `body` in batches of `calls` back-to-back calls; each batch's mean per call, in
 * microseconds, is one sample. `warmupCalls` untimed calls run first (default: one batch), so the
 * JIT has compiled the path being measured.
 */
export async function perCallMicros(
  body: () => Promise<unknown> | unknown,
  calls: number,
  batches: number,
  warmupCalls = calls,
): Promise<PerCallSamples> {
  const batch = async () => {
    for (let index = 0; index < calls; index += 1) await body();
  };
  for (let index = 0; index < warmupCalls; index += 1) await body();
  const samples: PerCallSamples = { wall: [], cpu: [] };
  for (let index = 0; index < batches; index += 1) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await batch();
    const wall = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    samples.wall.push((wall / calls) * 1000);
    samples.cpu.push((cpu.user + cpu.system) / calls);
  }
  return samples;
}

/** One body of {@link interleavedPerCall}: what it runs and how many calls make a batch. */
export interface InterleavedBody {
  readonly run: () => Promise<unknown> | unknown;
  readonly calls: number;
}

/** Per-call samples of {@link interleavedPerCall}: also the CPU time of this thread alone. */
export interface InterleavedSamples extends PerCallSamples {
  /** CPU time of this thread per call: all of an inline call's, none of another thread's or the collector's helpers'. */
  thread: number[];
}

/**
 * Per-call costs of several bodies measured in the same rounds: each round runs one batch of every
 * body, one after the other, so load on the machine (which drifts over seconds) lands on all of
 * them alike and a ratio taken round by round carries little of it. Each body first runs
 * `warmupCalls` untimed calls. Returns each body's samples (one per round, in microseconds per call).
 */
export async function interleavedPerCall<Name extends string>(
  bodies: Readonly<Record<Name, InterleavedBody>>,
  rounds: number,
  warmupCalls: number,
): Promise<Record<Name, InterleavedSamples>> {
  const names = Object.keys(bodies) as Name[];
  const samples = {} as Record<Name, InterleavedSamples>;
  for (const name of names) {
    samples[name] = { wall: [], cpu: [], thread: [] };
    for (let index = 0; index < warmupCalls; index += 1) await bodies[name].run();
  }
  for (let round = 0; round < rounds; round += 1) {
    for (const name of names) {
      const { run, calls } = bodies[name];
      const cpuBefore = process.cpuUsage();
      const threadBefore = process.threadCpuUsage();
      const started = performance.now();
      for (let index = 0; index < calls; index += 1) await run();
      const wall = performance.now() - started;
      const thread = process.threadCpuUsage(threadBefore);
      const cpu = process.cpuUsage(cpuBefore);
      samples[name].wall.push((wall / calls) * 1000);
      samples[name].cpu.push((cpu.user + cpu.system) / calls);
      samples[name].thread.push((thread.user + thread.system) / calls);
    }
  }
  return samples;
}

/** Round-by-round ratios of two sample lists of the same length. */
export function ratios(numerators: readonly number[], denominators: readonly number[]): number[] {
  return numerators.map((value, index) => value / denominators[index]!);
}

/** Durations of two competitors measured pair by pair, alternating which goes first. */
export interface PairedSamples {
  ours: number[];
  theirs: number[];
  /** ours / theirs wall clock, one per pair. */
  ratios: number[];
  /** ours / theirs process CPU time, one per pair (load on the machine inflates it less). */
  cpuRatios: number[];
}

/**
 * Runs `ours` and `theirs` `runs` times each in the same process, pair by pair, alternating the
 * order inside each pair so neither side always runs on a warmer or a more littered heap; garbage
 * is collected before each run, so neither side pays for the other's. A body that resolves to a
 * {@link Timing} reports its own (to leave its setup untimed).
 */
export async function paired(
  ours: () => Promise<unknown>,
  theirs: () => Promise<unknown>,
  runs: number,
  warmup: number,
): Promise<PairedSamples> {
  for (let index = 0; index < warmup; index += 1) {
    await ours();
    await theirs();
  }
  const result: PairedSamples = { ours: [], theirs: [], ratios: [], cpuRatios: [] };
  const time = async (body: () => Promise<unknown>): Promise<Timing> => {
    collectGarbage();
    const timing = await timed(body);
    return isTiming(timing.value) ? timing.value : timing;
  };
  for (let index = 0; index < runs; index += 1) {
    let our: Timing;
    let their: Timing;
    if (index % 2 === 0) {
      our = await time(ours);
      their = await time(theirs);
    } else {
      their = await time(theirs);
      our = await time(ours);
    }
    result.ours.push(our.wall);
    result.theirs.push(their.wall);
    result.ratios.push(our.wall / their.wall);
    result.cpuRatios.push(our.cpu / Math.max(their.cpu, 0.001));
  }
  return result;
}

function isTiming(value: unknown): value is Timing {
  return typeof value === "object" && value !== null && "wall" in value && "cpu" in value;
}

/** Builds a metric and marks whether it meets its target (a NaN value never does). */
export function metric(value: number, unit: string, runs: number, note: string, target?: Target): MetricResult {
  const rounded = Number(value.toPrecision(4));
  if (!target) return { value: rounded, unit, runs, note };
  const met = target.op === "<=" ? rounded <= target.value : rounded >= target.value;
  return { value: rounded, unit, runs, note, target, met };
}

/** Formats a number for notes: 4 significant digits. */
export function fixed(value: number): string {
  return String(Number(value.toPrecision(4)));
}

/** The machine and its load right now, for the notes of results. */
export function machineDescription(): string {
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  const [one, five] = loadavg();
  return `${cpu}, ${cpus().length} cores, node ${process.version}, load average ${fixed(one ?? 0)} (1 min) ${fixed(five ?? 0)} (5 min)`;
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
