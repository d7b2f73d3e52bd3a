/**
 * Worker placement for the web: a dedicated Web Worker per sandboxed module. The worker is created
 * by a factory the application passes, so that its bundler sees `new Worker(new URL(...))`.
 */
import type { EngineBuild } from "../protocol.ts";
import type { MessageEndpoint } from "./thread-messages.ts";
import { type SandboxThreadSpawner, startWorkerThread } from "./worker-thread.ts";

/** The part of a Web Worker the spawner uses. */
export interface WebWorkerLike extends MessageEndpoint {
  addEventListener(type: "message" | "error", listener: (event: MessageEvent & ErrorEvent) => void): void;
  removeEventListener(type: "message" | "error", listener: (event: MessageEvent & ErrorEvent) => void): void;
  terminate(): void;
}

/** Options of {@link webWorkerSpawner}. */
export interface WebWorkerSpawnerOptions {
  /** The page's compiled QuickJS wasm, posted to each worker so it does not compile its own. */
  readonly wasmModule?: WebAssembly.Module | undefined;
  readonly build?: EngineBuild | undefined;
  readonly readyTimeoutMs?: number | undefined;
}

/**
 * A spawner of dedicated Web Workers running `amplifier-edge`'s sandbox worker entry.
 *
 * @example
 * const spawnWorker = webWorkerSpawner(() => new Worker(new URL("./sandbox-worker.ts", import.meta.url), { type: "module" }), { wasmModule });
 * const sandboxes = createSandboxes({ wasmModule, spawnWorker });
 */
export function webWorkerSpawner(
  createWorker: () => WebWorkerLike,
  options: WebWorkerSpawnerOptions = {},
): SandboxThreadSpawner {
  return (observer) => {
    const worker = createWorker();
    return startWorkerThread(
      {
        endpoint: worker,
        terminate: () => {
          worker.terminate();
          return undefined;
        },
        onExit(listener) {
          const onError = (event: ErrorEvent) => {
            worker.removeEventListener("error", onError as never);
            listener(`the worker failed: ${event.message || "an uncaught error"}`);
          };
          worker.addEventListener("error", onError as never);
        },
      },
      options,
      observer,
    );
  };
}
