/** Runs the leak property with the QuickJS debug build in a large-stack worker thread (node only). */
import { Worker } from "node:worker_threads";

/** Resolves when `runs` random values crossed the boundary and every sandbox was released with nothing leaked. */
export function fuzzDebugBuild(runs: number, seed?: number): Promise<void> {
  const worker = new Worker(new URL("../../security/fuzz-debug-worker.mjs", import.meta.url), {
    workerData: { runs, ...(seed === undefined ? {} : { seed }) },
    resourceLimits: { stackSizeMb: 32 },
  });
  return new Promise<void>((resolve, reject) => {
    worker.once("message", (message: { runs?: number; error?: string }) => {
      if (message.error === undefined) resolve();
      else reject(new Error(message.error));
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the debug fuzz worker exited with ${code} before answering`)));
  }).finally(() => worker.terminate());
}
