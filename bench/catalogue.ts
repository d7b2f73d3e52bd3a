/**
 * Every metric the benchmarks write, with the benchmark that measures it, its unit and the direction
 * of its target (none: reported, not judged). `npm run bench` checks each run against this list, so
 * a benchmark that stops writing a metric, or writes it without its target, fails the run; the unit
 * tests check the list itself without running anything (tests/unit/bench-catalogue.test.ts).
 */
import type { MetricResult } from "./harness.ts";

/** What a metric must look like in the results. */
export interface CatalogueEntry {
  /** The name of the benchmark (bench/benchmarks.ts) that writes it. */
  readonly benchmark: string;
  readonly unit: string;
  /** The target's direction; undefined for a metric that is reported without a target. */
  readonly target?: "<=" | ">=";
}

export const METRIC_CATALOGUE: Readonly<Record<string, CatalogueEntry>> = {
  "machine.calibration_fib24_ms": { benchmark: "machine.calibration", unit: "ms" },
  "sandbox.evaluate_fresh_ms": { benchmark: "sandbox.evaluate", unit: "ms" },
  "sandbox.cold_mount_ms": { benchmark: "sandbox.cold_mount", unit: "ms", target: "<=" },
  "sandbox.cold_mount_ms.from_nothing": { benchmark: "sandbox.cold_mount", unit: "ms" },
  "sandbox.tool_call_us.inline": { benchmark: "sandbox.tool_call", unit: "us", target: "<=" },
  "sandbox.tool_call_us.worker": { benchmark: "sandbox.tool_call", unit: "us", target: "<=" },
  "sandbox.engine_call_us": { benchmark: "sandbox.tool_call", unit: "us" },
  "sandbox.comlink_thread_round_trip_us": { benchmark: "sandbox.tool_call", unit: "us" },
  "sandbox.post_message_thread_round_trip_us": { benchmark: "sandbox.tool_call", unit: "us" },
  "sandbox.tool_call_ratio.inline_vs_engine": { benchmark: "sandbox.tool_call", unit: "ratio", target: "<=" },
  "sandbox.tool_call_ratio.worker_vs_comlink": { benchmark: "sandbox.tool_call", unit: "ratio", target: "<=" },
  "sandbox.tool_call_ratio.worker_vs_post_message": { benchmark: "sandbox.tool_call", unit: "ratio" },
  "sandbox.hook_emit_us": { benchmark: "sandbox.hook_emit", unit: "us", target: "<=" },
  "sandbox.hook_emit_us.no_hook": { benchmark: "sandbox.hook_emit", unit: "us" },
  "sandbox.hook_emit_us.trusted_hook": { benchmark: "sandbox.hook_emit", unit: "us" },
  "sandbox.memory_per_module_kib": { benchmark: "sandbox.memory", unit: "KiB", target: "<=" },
  "sandbox.kill_overshoot_ms": { benchmark: "sandbox.kill", unit: "ms", target: "<=" },
  "sandbox.cold_run_ratio_vs_sebastianwessel": { benchmark: "sandbox.vs_sebastianwessel", unit: "ratio", target: "<=" },
  "turn.overhead_ratio_vs_ai_sdk": { benchmark: "turn.vs_ai_sdk", unit: "ratio", target: "<=" },
  "turn.overhead_ratio_vs_ai_sdk.otel_noop": { benchmark: "turn.vs_ai_sdk", unit: "ratio", target: "<=" },
  "turn.overhead_ratio_vs_ai_sdk.otel_in_memory": { benchmark: "turn.vs_ai_sdk", unit: "ratio", target: "<=" },
  "context.compact_ms.10k": { benchmark: "context.compaction", unit: "ms", target: "<=" },
  "context.compact_ms.100k": { benchmark: "context.compaction", unit: "ms", target: "<=" },
  "store.indexeddb.append_us": { benchmark: "store.indexeddb", unit: "us" },
  "store.indexeddb.append_growth": { benchmark: "store.indexeddb", unit: "ratio", target: "<=" },
  "store.indexeddb.load_10k_ms": { benchmark: "store.indexeddb", unit: "ms", target: "<=" },
  "worker.prompt_to_first_event_ms": { benchmark: "worker.first_event", unit: "ms" },
  "bundle.web_page_kb_gz": { benchmark: "bundle.size", unit: "kB" },
  "bundle.web_worker_kb_gz": { benchmark: "bundle.size", unit: "kB" },
  "bundle.cloudflare_kb_gz": { benchmark: "bundle.size", unit: "kB" },
  "bundle.client_page_kb_gz": { benchmark: "bundle.size", unit: "kB", target: "<=" },
  "demo.page_js_kib": { benchmark: "demo.bundle", unit: "KiB" },
  "demo.page_js_gzip_kib": { benchmark: "demo.bundle", unit: "KiB", target: "<=" },
};

/**
 * What is wrong with the results of a run of `benchmarks` (names), measured against the catalogue:
 * a metric missing, not finite, in another unit, without its target or with one it should not
 * have, without runs, or not in the catalogue at all. Empty when the results are complete.
 */
export function catalogueProblems(
  results: Readonly<Record<string, MetricResult>>,
  benchmarks: readonly string[],
): string[] {
  const problems: string[] = [];
  for (const [name, entry] of Object.entries(METRIC_CATALOGUE)) {
    if (!benchmarks.includes(entry.benchmark)) continue;
    const result = results[name];
    if (result === undefined) {
      problems.push(`${name}: missing (benchmark ${entry.benchmark})`);
      continue;
    }
    if (!Number.isFinite(result.value)) problems.push(`${name}: value ${result.value} is not a finite number`);
    if (result.unit !== entry.unit) problems.push(`${name}: unit ${result.unit}, expected ${entry.unit}`);
    if (!(result.runs > 0)) problems.push(`${name}: ${result.runs} runs`);
    if (result.target?.op !== entry.target) {
      problems.push(`${name}: target ${result.target?.op ?? "none"}, expected ${entry.target ?? "none"}`);
    }
    if (entry.target !== undefined && !Number.isFinite(result.target?.value)) {
      problems.push(`${name}: target value ${result.target?.value} is not a finite number`);
    }
  }
  for (const name of Object.keys(results)) {
    if (!(name in METRIC_CATALOGUE)) problems.push(`${name}: not in bench/catalogue.ts`);
  }
  return problems;
}
