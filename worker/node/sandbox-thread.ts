/**
 * Worker placement in node: each sandboxed module gets its own worker_thread with a runner in it.
 * `terminate()` is the hard kill the supervisor uses on a runner that stops answering.
 */
import { Worker } from "node:worker_threads";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import type { EngineBuild } from "../../sandbox/protocol.ts";
import type { MessageEndpoint } from "../../sandbox/transport/thread-messages.ts";
import { type SandboxThreadSpawner, startWorkerThread } from "../../sandbox/transport/worker-thread.ts";

/** Options of {@link nodeSandboxThreads}. */
export interface NodeSandboxThreadOptions {
  /** The compiled QuickJS wasm to share with each thread (it compiles its own when absent). */
  readonly wasmModule?: WebAssembly.Module | undefined;
  readonly build?: EngineBuild | undefined;
  /**
   * The thread's stack in MiB (default 8; the debug build needs 32). QuickJS' own stack limit
   * (256 KiB by default) must fit inside it, which the engine's self-test checks at start.
   */
  readonly stackSizeMb?: number | undefined;
  readonly readyTimeoutMs?: number | undefined;
  /**
   * The thread's module (default the package's own `sandbox-thread-entry`, release build). A
   * thread on the debug build, or one with more set up, is an entry of your own that calls
   * `serveRunnerThread` on `parentPort` the same way.
   */
  readonly entry?: URL | undefined;
}

/**
 * A spawner of sandbox worker_threads, for `createSandboxes({ spawnWorker })`.
 *
 * @example
 * const wasmModule = await loadQuickJSWasm();
 * await using sandboxes = createSandboxes({ wasmModule, spawnWorker: nodeSandboxThreads({ wasmModule }) });
 */
export function nodeSandboxThreads(options: NodeSandboxThreadOptions = {}): SandboxThreadSpawner {
  return (observer) => {
    const threadOptions = {
      resourceLimits: { stackSizeMb: options.stackSizeMb ?? (options.build === "debug" ? 32 : 8) },
    };
    // Written as `new Worker(new URL(...))` so that bundlers which follow the pattern keep the entry
    // a worker. The package ships it compiled; the repository's tests run the sources with tsx
    // registered in the parent process, which worker threads inherit.
    const worker = options.entry
      ? new Worker(options.entry, threadOptions)
      : new Worker(new URL("./sandbox-thread-entry.ts", import.meta.url), threadOptions);
    return startWorkerThread(
      {
        endpoint: nodeEndpoint(worker) as unknown as MessageEndpoint,
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
