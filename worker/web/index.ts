/**
 * amplifier-edge/web: run the kernel and its sandboxes in a module Web Worker, driven from the page.
 */
import * as Comlink from "comlink";
import type { SandboxWorkerApi } from "./sandbox-worker.ts";

/** A sandbox worker started from the page, disposed with `using` or `[Symbol.dispose]()`. */
export interface SandboxWorkerClient extends Disposable {
  /** Evaluates an ES module in a fresh QuickJS sandbox inside the worker and returns its default export. */
  evaluate(source: string): Promise<unknown>;
}

/**
 * Starts a module Web Worker that hosts QuickJS sandboxes.
 *
 * @example
 * using sandbox = startSandboxWorker();
 * await sandbox.evaluate("export default 6 * 7"); // 42
 */
export function startSandboxWorker(): SandboxWorkerClient {
  const worker = new Worker(new URL("./sandbox-worker.ts", import.meta.url), { type: "module" });
  const remote = Comlink.wrap<SandboxWorkerApi>(worker);
  return {
    evaluate: (source) => remote.evaluate(source),
    [Symbol.dispose]: () => {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
