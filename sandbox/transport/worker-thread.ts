/**
 * Worker placement, kernel side: a started worker (a dedicated Web Worker or a worker_thread,
 * adapted by `worker/`) becomes a {@link WorkerThread} once its runner has loaded its engine. The
 * thread answers pings while it lives; one that stops answering is stuck where no interrupt
 * reaches, and only `terminate()` stops it.
 */
import { KernelError } from "../../src/errors.ts";
import type { EngineBuild, EngineObserver, KernelToThread } from "../protocol.ts";
import type { LinkExit } from "./runner-link.ts";
import { isThreadToKernel, type MessageEndpoint } from "./thread-messages.ts";

/** A started worker as the runtime gives it. */
export interface WorkerHandle {
  /** The worker's endpoint (a Web Worker itself; an adapted `Worker` in node). */
  readonly endpoint: MessageEndpoint;
  /** Ends the worker at once. */
  terminate(): Promise<unknown> | undefined;
  /** Calls `listener` once if the worker dies on its own (an uncaught error, an exit). */
  onExit(listener: (message: string) => void): void;
}

/** Options of {@link startWorkerThread}. */
export interface WorkerThreadOptions {
  /** The compiled wasm to share with the worker (skips its own compilation). */
  readonly wasmModule?: WebAssembly.Module | undefined;
  readonly build?: EngineBuild | undefined;
  /** How long the worker may take to load its engine (default 30 s). */
  readonly readyTimeoutMs?: number | undefined;
}

/** A worker with a runner in it, ready to be linked. */
export interface WorkerThread {
  readonly endpoint: MessageEndpoint;
  /** Settles once, when the worker is gone. */
  readonly exited: Promise<LinkExit>;
  /** Resolves true when the worker answers within `timeoutMs`. */
  ping(timeoutMs: number): Promise<boolean>;
  /** Ends the worker at once (the hard kill). */
  terminate(): Promise<void>;
}

/** Starts a worker with a runner in it, resolving once its engine is ready. */
export type SandboxThreadSpawner = (observer: EngineObserver) => Promise<WorkerThread>;

const MAX_DIAGNOSTIC = 4096;

/**
 * Sends `init` to a fresh worker and resolves with its thread once it reports `ready`.
 *
 * @throws KernelError `sandbox_unavailable` when the worker fails to start, dies or times out first.
 */
export async function startWorkerThread(
  worker: WorkerHandle,
  options: WorkerThreadOptions,
  observer: EngineObserver,
): Promise<WorkerThread> {
  const endpoint = worker.endpoint;
  const pongs = new Map<number, () => void>();
  let nextPing = 0;
  let gone: LinkExit | undefined;
  let markExited: (exit: LinkExit) => void = () => undefined;
  const exited = new Promise<LinkExit>((resolve) => {
    markExited = (exit) => {
      if (gone) return;
      gone = exit;
      resolve(exit);
    };
  });
  worker.onExit((message) => markExited({ cause: "crashed", message }));
  // Instances still alive when the thread ends are gone with it: reported, so owners can count them.
  const live: string[] = [];
  void exited.then((exit) => {
    for (const moduleId of live.splice(0)) {
      observer.onDisposed?.({
        moduleId,
        killed: "crash",
        errors: [`its thread ended (${exit.message})`],
        leaked: false,
      });
    }
  });
  let ready: (() => void) | undefined;
  let failed: ((error: KernelError) => void) | undefined;
  endpoint.addEventListener("message", (event) => {
    const message: unknown = event.data;
    if (!isThreadToKernel(message)) return;
    switch (message.type) {
      case "ready":
        ready?.();
        return;
      case "failed":
        failed?.(KernelError.fromData({ code: "sandbox_unavailable", message: message.error.message }));
        return;
      case "pong":
        pongs.get(message.id)?.();
        return;
      case "diagnostic":
        observer.onDiagnostic?.(message.line.slice(0, MAX_DIAGNOSTIC));
        return;
      case "created":
        live.push(message.moduleId);
        observer.onCreated?.(message.moduleId);
        return;
      case "disposed": {
        const index = live.indexOf(message.report.moduleId);
        if (index < 0) return;
        live.splice(index, 1);
        observer.onDisposed?.(message.report);
        return;
      }
      default:
        return;
    }
  });
  endpoint.start?.();
  const terminate = async () => {
    if (gone) return;
    markExited({ cause: "terminated", message: "the worker was terminated" });
    await worker.terminate();
  };
  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new KernelError("sandbox_unavailable", `the sandbox worker was not ready within ${timeoutMs} ms`)),
        timeoutMs,
      );
      ready = () => {
        clearTimeout(timer);
        resolve();
      };
      failed = (error) => {
        clearTimeout(timer);
        reject(error);
      };
      void exited.then((exit) => {
        clearTimeout(timer);
        reject(new KernelError("sandbox_unavailable", `the sandbox worker exited while starting: ${exit.message}`));
      });
      const init: KernelToThread = { type: "init", wasmModule: options.wasmModule, build: options.build ?? "release" };
      endpoint.postMessage(init);
    });
  } catch (error) {
    await terminate();
    throw error;
  }
  return {
    endpoint,
    exited,
    ping(pingTimeoutMs) {
      if (gone) return Promise.resolve(false);
      const id = ++nextPing;
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          pongs.delete(id);
          resolve(false);
        }, pingTimeoutMs);
        pongs.set(id, () => {
          clearTimeout(timer);
          pongs.delete(id);
          resolve(true);
        });
        const ping: KernelToThread = { type: "ping", id };
        endpoint.postMessage(ping);
      });
    },
    terminate,
  };
}
