/**
 * The benchmark suite, in run order. Each entry loads its module lazily, so a benchmark's process
 * holds only what it measures (a heap full of other benchmarks' libraries makes every collection
 * slower, and a new sandbox's memory triggers collections).
 */
import type { Benchmark } from "./harness.ts";

/** A benchmark by name, loaded on demand. */
export interface BenchmarkEntry {
  readonly name: string;
  load(): Promise<Benchmark>;
}

export const BENCHMARKS: readonly BenchmarkEntry[] = [
  {
    name: "machine.calibration",
    load: async () => (await import("./metrics/machine-calibration.ts")).machineCalibration,
  },
  { name: "sandbox.evaluate", load: async () => (await import("./metrics/sandbox-evaluate.ts")).sandboxEvaluate },
  { name: "sandbox.cold_mount", load: async () => (await import("./metrics/sandbox-cold-mount.ts")).sandboxColdMount },
  { name: "sandbox.tool_call", load: async () => (await import("./metrics/sandbox-tool-call.ts")).sandboxToolCall },
  { name: "sandbox.hook_emit", load: async () => (await import("./metrics/sandbox-hook-emit.ts")).sandboxHookEmit },
  { name: "sandbox.memory", load: async () => (await import("./metrics/sandbox-memory.ts")).sandboxMemory },
  { name: "sandbox.kill", load: async () => (await import("./metrics/sandbox-kill.ts")).sandboxKill },
  {
    name: "sandbox.vs_sebastianwessel",
    load: async () => (await import("./metrics/sandbox-vs-sebastianwessel.ts")).sandboxVsSebastianwessel,
  },
  { name: "turn.vs_ai_sdk", load: async () => (await import("./metrics/turn-vs-ai-sdk.ts")).turnVsAiSdk },
  { name: "context.compaction", load: async () => (await import("./metrics/context-compaction.ts")).contextCompaction },
  { name: "store.indexeddb", load: async () => (await import("./metrics/store-indexeddb.ts")).storeIndexedDB },
  { name: "worker.first_event", load: async () => (await import("./metrics/worker-first-event.ts")).workerFirstEvent },
  { name: "bundle.size", load: async () => (await import("./metrics/bundle-size.ts")).bundleSize },
  { name: "demo.bundle", load: async () => (await import("./metrics/demo-bundle.ts")).demoBundle },
];
