/**
 * Worker placement, kernel side: a started worker (a dedicated Web Worker or a worker_thread,
 * adapted by `worker/`) becomes a {@link SandboxThread} once it has loaded its engine.
 */
import type { Endpoint } from "comlink";
import { KernelError } from "../../src/errors.ts";
import { channelEndpoint } from "./channels.ts";
import type { SandboxThread, ThreadExit, ThreadObserver } from "./sandbox-thread.ts";
import { isThreadReport, type SandboxBuild, type ThreadCommand } from "./thread-protocol.ts";

/** A started worker as the runtime gives it. */
export interface WorkerHandle {
  /** The worker's endpoint (a Web Worker itself; `nodeEndpoint(worker)` in node). */
  readonly endpoint: Endpoint;
  /** Ends the worker at once. */
  terminate(): Promise<unknown> | undefined;
  /** Calls `listener` once if the worker dies on its own (an uncaught error, an exit). */
  onExit(listener: (message: string) => void): void;
}

/** Options of {@link startWorkerThread}. */
export interface WorkerThreadOptions {
  /** The compiled wasm to share with the worker (skips its own compilation). */
  readonly wasmModule?: WebAssembly.Module | undefined;
  readonly build?: SandboxBuild | undefined;
  /** How long the worker may take to load its engine (default 30 s). */
  readonly readyTimeoutMs?: number | undefined;
}

/**
 * Sends `init` to a fresh worker and resolves with its thread once it reports `ready`.
 *
 * @throws KernelError `sandbox_unavailable` when the worker fails to start, dies or times out first.
 */
export async function startWorkerThread(
  worker: WorkerHandle,
  options: WorkerThreadOptions,
  observer: ThreadObserver,
): Promise<SandboxThread> {
  const control = channelEndpoint(worker.endpoint, "thread");
  const pongs = new Map<number, () => void>();
  let nextPing = 0;
  let markExited: (exit: ThreadExit) => void = () => undefined;
  let gone: ThreadExit | undefined;
  const exited = new Promise<ThreadExit>((resolve) => {
    markExited = (exit) => {
      if (gone) return;
      gone = exit;
      resolve(exit);
    };
  });
  worker.onExit((message) => markExited({ cause: "crashed", message }));
  let ready: (() => void) | undefined;
  let failed: ((error: KernelError) => void) | undefined;
  control.addEventListener("message", (event) => {
    const report: unknown = (event as MessageEvent).data;
    if (!isThreadReport(report)) return;
    switch (report.type) {
      case "ready":
        ready?.();
        return;
      case "failed":
        failed?.(KernelError.fromData(report.error));
        return;
      case "pong":
        pongs.get(report.id)?.();
        return;
      case "diagnostic":
        observer.onDiagnostic?.(report.line);
        return;
      case "created":
        observer.onCreated?.(report.moduleId);
        return;
      case "disposed":
        observer.onDisposed?.(report.report);
        return;
    }
  });
  control.start?.();
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
      exited.then((exit) => {
        clearTimeout(timer);
        reject(new KernelError("sandbox_unavailable", `the sandbox worker exited while starting: ${exit.message}`));
      });
      const init: ThreadCommand = { type: "init", wasmModule: options.wasmModule, build: options.build ?? "release" };
      control.postMessage(init);
    });
  } catch (error) {
    await terminate();
    throw error;
  }
  return {
    placement: "worker",
    endpoint: worker.endpoint,
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
        const ping: ThreadCommand = { type: "ping", id };
        control.postMessage(ping);
      });
    },
    terminate,
    [Symbol.asyncDispose]: terminate,
  };
}
