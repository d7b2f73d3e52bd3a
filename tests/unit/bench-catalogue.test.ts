/**
 * The benchmarks' catalogue, checked without running a benchmark: every metric issues 11, 17, 18, 23 and 24
 * ask for is there with its unit and target, and a run's results are judged against it. (Running them
 * is `npm run bench -- --quick`, which fails on any problem the catalogue finds; see BENCHMARKS.md.)
 */
import { describe, expect, it } from "vitest";
import { BENCHMARKS } from "../../bench/benchmarks.ts";
import { type CatalogueEntry, catalogueProblems, METRIC_CATALOGUE } from "../../bench/catalogue.ts";
import type { MetricResult } from "../../bench/harness.ts";

/** Every metric issue 11 asks for, with its unit and whether it has a target. */
const ISSUE_11: Record<string, { unit: string; targeted: boolean }> = {
  "sandbox.cold_mount_ms": { unit: "ms", targeted: true },
  "sandbox.tool_call_us.inline": { unit: "us", targeted: true },
  "sandbox.tool_call_us.worker": { unit: "us", targeted: true },
  "sandbox.memory_per_module_kib": { unit: "KiB", targeted: true },
  "sandbox.kill_overshoot_ms": { unit: "ms", targeted: true },
  "sandbox.cold_run_ratio_vs_sebastianwessel": { unit: "ratio", targeted: true },
  "turn.overhead_ratio_vs_ai_sdk": { unit: "ratio", targeted: true },
  "context.compact_ms.10k": { unit: "ms", targeted: true },
  "context.compact_ms.100k": { unit: "ms", targeted: true },
  "store.indexeddb.append_us": { unit: "us", targeted: false },
  "store.indexeddb.append_growth": { unit: "ratio", targeted: true },
  "store.indexeddb.load_10k_ms": { unit: "ms", targeted: true },
  "worker.prompt_to_first_event_ms": { unit: "ms", targeted: false },
};

/** hooks-otel's turn ratios (issue 24): the turn with the module on a no-op and on an SDK provider. */
const ISSUE_24: Record<string, { unit: string; targeted: boolean }> = {
  "turn.overhead_ratio_vs_ai_sdk.otel_noop": { unit: "ratio", targeted: true },
  "turn.overhead_ratio_vs_ai_sdk.otel_in_memory": { unit: "ratio", targeted: true },
};

/** The package's size per entry (issue 18), minified and gzipped: reported, not judged. */
const ISSUE_18: Record<string, { unit: string; targeted: boolean }> = {
  "bundle.web_page_kb_gz": { unit: "kB", targeted: false },
  "bundle.web_worker_kb_gz": { unit: "kB", targeted: false },
  "bundle.cloudflare_kb_gz": { unit: "kB", targeted: false },
  "bundle.client_page_kb_gz": { unit: "kB", targeted: true },
};

/** Issue 17's speed metrics: in-run baselines, ratios to them, the from-nothing mount, a sandboxed hook's cost. */
const ISSUE_17: Record<string, { unit: string; targeted: boolean }> = {
  "sandbox.cold_mount_ms.from_nothing": { unit: "ms", targeted: false },
  "sandbox.engine_call_us": { unit: "us", targeted: false },
  "sandbox.comlink_thread_round_trip_us": { unit: "us", targeted: false },
  "sandbox.post_message_thread_round_trip_us": { unit: "us", targeted: false },
  "sandbox.tool_call_ratio.inline_vs_engine": { unit: "ratio", targeted: true },
  "sandbox.tool_call_ratio.worker_vs_comlink": { unit: "ratio", targeted: true },
  "sandbox.tool_call_ratio.worker_vs_post_message": { unit: "ratio", targeted: false },
  "sandbox.hook_emit_us": { unit: "us", targeted: true },
  "sandbox.hook_emit_us.no_hook": { unit: "us", targeted: false },
  "sandbox.hook_emit_us.trusted_hook": { unit: "us", targeted: false },
};

/** The playground's page weight (issue 23): the code editor's cost stays measured. */
const ISSUE_23: Record<string, { unit: string; targeted: boolean }> = {
  "demo.page_js_kib": { unit: "KiB", targeted: false },
  "demo.page_js_gzip_kib": { unit: "KiB", targeted: true },
};

/** A result that satisfies `entry`. */
function complete(entry: CatalogueEntry): MetricResult {
  const result: MetricResult = { value: 1, unit: entry.unit, runs: 3, note: "n" };
  return entry.target ? { ...result, target: { op: entry.target, value: 2 }, met: true } : result;
}

const everything = () =>
  Object.fromEntries(Object.entries(METRIC_CATALOGUE).map(([name, entry]) => [name, complete(entry)]));
const allBenchmarks = BENCHMARKS.map((entry) => entry.name);

describe("bench/catalogue.ts", () => {
  it("lists every metric issues 11, 17, 18, 23 and 24 ask for, with its unit and a target where it has one", () => {
    for (const [name, { unit, targeted }] of Object.entries({
      ...ISSUE_11,
      ...ISSUE_17,
      ...ISSUE_18,
      ...ISSUE_23,
      ...ISSUE_24,
    })) {
      const entry = METRIC_CATALOGUE[name];
      expect(entry, name).toMatchObject({ unit });
      expect(entry?.target, `${name} target`).toEqual(targeted ? expect.stringMatching(/^(<=|>=)$/) : undefined);
    }
  });

  it("names a real benchmark for every metric, and every benchmark writes at least one metric", () => {
    for (const [name, entry] of Object.entries(METRIC_CATALOGUE)) {
      expect(allBenchmarks, name).toContain(entry.benchmark);
      expect(name).toMatch(/^[a-z]+\.[a-z0-9_.]+$/);
    }
    const measured = new Set(Object.values(METRIC_CATALOGUE).map((entry) => entry.benchmark));
    expect(allBenchmarks.filter((name) => !measured.has(name))).toEqual([]);
  });

  it("finds nothing wrong with complete results", () => {
    expect(catalogueProblems(everything(), allBenchmarks)).toEqual([]);
  });

  it("names a missing metric, a NaN, a wrong unit, a lost target, no runs and a metric it does not know", () => {
    const results = everything();
    delete results["sandbox.kill_overshoot_ms"];
    results["sandbox.cold_mount_ms"] = { ...complete(METRIC_CATALOGUE["sandbox.cold_mount_ms"]!), value: Number.NaN };
    results["context.compact_ms.10k"] = { ...complete(METRIC_CATALOGUE["context.compact_ms.10k"]!), unit: "us" };
    results["sandbox.memory_per_module_kib"] = { value: 1, unit: "KiB", runs: 3, note: "n" };
    results["store.indexeddb.append_us"] = { value: 1, unit: "us", runs: 0, note: "n" };
    results["sandbox.surprise_ms"] = { value: 1, unit: "ms", runs: 1, note: "n" };
    expect(catalogueProblems(results, allBenchmarks)).toEqual([
      "sandbox.cold_mount_ms: value NaN is not a finite number",
      "sandbox.memory_per_module_kib: target none, expected <=",
      "sandbox.memory_per_module_kib: target value undefined is not a finite number",
      "sandbox.kill_overshoot_ms: missing (benchmark sandbox.kill)",
      "context.compact_ms.10k: unit us, expected ms",
      "store.indexeddb.append_us: 0 runs",
      "sandbox.surprise_ms: not in bench/catalogue.ts",
    ]);
  });

  it("asks only for the metrics of the benchmarks that ran (--only)", () => {
    const results = { "sandbox.memory_per_module_kib": complete(METRIC_CATALOGUE["sandbox.memory_per_module_kib"]!) };
    expect(catalogueProblems(results, ["sandbox.memory"])).toEqual([]);
    expect(catalogueProblems(results, ["sandbox.memory", "sandbox.kill"])).toEqual([
      "sandbox.kill_overshoot_ms: missing (benchmark sandbox.kill)",
    ]);
  });
});
