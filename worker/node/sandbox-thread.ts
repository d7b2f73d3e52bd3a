/**
 * Worker placement in node: each sandbox gets its own worker_thread running one sandbox host,
 * reached over comlink (`comlink/dist/esm/node-adapter.mjs`). `terminate()` is the hard kill.
 */
import { Worker } from "node:worker_threads";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import type { SandboxThreadSpawner } from "../../sandbox/boundary/sandbox-thread.ts";
import type { SandboxBuild } from "../../sandbox/boundary/thread-protocol.ts";
import { startWorkerThread } from "../../sandbox/boundary/worker-thread.ts";

/** Options of {@link nodeSandboxThreads}. */
export interface NodeSandboxThreadOptions {
  /** The compiled QuickJS wasm to share with each thread (it compiles its own when absent). */
  readonly wasmModule?: WebAssembly.Module | undefined;
  readonly build?: SandboxBuild | undefined;
  /**
   * The thread's stack in MiB (default 8; the debug build needs 32). QuickJS' own stack limit
   * (256 KiB by default) must fit inside it, which the engine's self-test checks at start.
   */
  readonly stackSizeMb?: number | undefined;
  readonly readyTimeoutMs?: number | undefined;
}

/**
 * A spawner of sandbox worker_threads, for `createSandboxBoundary({ spawnWorker })`.
 *
 * @example
 * const wasmModule = await loadQuickJSWasm();
 * await using boundary = createSandboxBoundary({ wasmModule, spawnWorker: nodeSandboxThreads({ wasmModule }) });
 */
export function nodeSandboxThreads(options: NodeSandboxThreadOptions = {}): SandboxThreadSpawner {
  return (observer) => {
    const worker = new Worker(new URL("./sandbox-thread.mjs", import.meta.url), {
      resourceLimits: { stackSizeMb: options.stackSizeMb ?? (options.build === "debug" ? 32 : 8) },
    });
    return startWorkerThread(
      {
        endpoint: nodeEndpoint(worker),
        terminate: () => worker.terminate(),
        onExit(listener) {
          let told = false;
          const tell = (message: string) => {
            if (told) return;
            told = true;
            listener(message);
          };
          worker.once("error", (error) => tell(`uncaught error: ${error.message}`));
          worker.once("exit", (code) => tell(`exited with code ${code}`));
        },
      },
      { wasmModule: options.wasmModule, build: options.build, readyTimeoutMs: options.readyTimeoutMs },
      observer,
    );
  };
}
