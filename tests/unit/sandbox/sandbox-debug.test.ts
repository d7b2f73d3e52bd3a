import { Worker } from "node:worker_threads";
import { afterAll } from "vitest";
import { registerScenarios } from "../../suites/sandbox/index.ts";

// The debug build (LeakSanitizer, object-leak checks) runs its subset of the scenarios
// (suites/sandbox/debug-subset.ts) in a worker thread with a 32 MiB stack; each asserts that its
// sandboxes stopped cleanly with nothing leaked.
let worker: Worker | undefined;
let next = 0;
const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();

function scenarioWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL("./debug-worker.mjs", import.meta.url), { resourceLimits: { stackSizeMb: 32 } });
  worker.on("message", (message: { id: number; error?: string }) => {
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.error === undefined) waiting?.resolve();
    else waiting?.reject(new Error(message.error));
  });
  worker.on("error", (error) => {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  });
  return worker;
}

afterAll(async () => {
  await worker?.terminate();
});

// The debug build is about ten times slower than the release build.
registerScenarios(
  "sandbox in node (debug build, leak checks)",
  "debug",
  (group, name) => {
    const id = ++next;
    return new Promise<void>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      scenarioWorker().postMessage({ id, group, name });
    });
  },
  // A hang guard, not an assertion: a scenario of 0.5 s in the release build took 61 s here at load 13.
  300_000,
);
