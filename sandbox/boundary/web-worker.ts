/**
 * Worker placement for the web: a dedicated Web Worker per sandbox. The worker is created by a
 * factory the application passes (so that its bundler sees `new Worker(new URL(...))`), for
 * example `() => new Worker(new URL("amplifier-edge/worker/web/sandbox-host-worker.ts", import.meta.url), { type: "module" })`.
 */
import type { SandboxThreadSpawner } from "./sandbox-thread.ts";
import type { SandboxBuild } from "./thread-protocol.ts";
import { startWorkerThread } from "./worker-thread.ts";

/** The part of a Web Worker the spawner uses. */
export interface WebWorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject): void;
  terminate(): void;
}

/** Options of {@link webWorkerSpawner}. */
export interface WebWorkerSpawnerOptions {
  /** The page's compiled QuickJS wasm, posted to each worker so it does not compile its own. */
  readonly wasmModule?: WebAssembly.Module | undefined;
  readonly build?: SandboxBuild | undefined;
  readonly readyTimeoutMs?: number | undefined;
}

/**
 * A spawner of dedicated Web Workers running `worker/web/sandbox-host-worker.ts`.
 *
 * @example
 * const spawnWorker = webWorkerSpawner(() => new Worker(new URL("./sandbox-host-worker.ts", import.meta.url), { type: "module" }), { wasmModule });
 * const boundary = createSandboxBoundary({ wasmModule, spawnWorker });
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
          const onError = (event: Event) => {
            worker.removeEventListener("error", onError);
            const message = (event as ErrorEvent).message;
            listener(`the worker failed: ${message || "an uncaught error"}`);
          };
          worker.addEventListener("error", onError);
        },
      },
      options,
      observer,
    );
  };
}
