/**
 * Where a sandbox host runs, as the kernel sees it: an Endpoint to reach it, a way to end it,
 * and a promise that settles when it is gone. Inline threads live on the kernel's thread; worker
 * threads are a dedicated Web Worker or a worker_thread, adapted by `worker/`.
 */
import type { Endpoint } from "comlink";
import type { KernelErrorData } from "../../src/errors.ts";
import type { DisposeReport } from "../engine/guest-instance.ts";

/** Where a sandboxed module runs: on the kernel's thread, or in a dedicated worker. */
export type SandboxPlacement = "inline" | "worker";

/** Why a thread is gone. */
export interface ThreadExit {
  /** `terminated` when the kernel ended it; `crashed` when it died on its own. */
  readonly cause: "terminated" | "crashed";
  readonly message: string;
}

/** Receives what a thread's engine reports (for tests and logs). */
export interface ThreadObserver {
  readonly onDiagnostic?: ((line: string) => void) | undefined;
  /** Told when an engine instance is created for a module (each is later reported by `onDisposed`). */
  readonly onCreated?: ((moduleId: string) => void) | undefined;
  readonly onDisposed?: ((report: DisposeReport & { moduleId: string }) => void) | undefined;
}

/** One place a sandbox host runs, owned by whoever acquired it. */
export interface SandboxThread extends AsyncDisposable {
  readonly placement: SandboxPlacement;
  /** Reaches the sandbox host served in the thread (see `serveSandboxHost`). */
  readonly endpoint: Endpoint;
  /** Settles once, when the thread is gone. */
  readonly exited: Promise<ThreadExit>;
  /**
   * Resolves true when the thread answers within `timeoutMs`: a thread stuck outside the engine's
   * own interrupt does not. Inline threads share the kernel's thread and always answer.
   */
  ping(timeoutMs: number): Promise<boolean>;
  /** Ends the thread at once (the hard kill); calls in flight are failed by their link. */
  terminate(): Promise<void>;
}

/** Starts a worker thread with a sandbox host in it, resolving once its engine is ready. */
export type SandboxThreadSpawner = (observer: ThreadObserver) => Promise<SandboxThread>;

/** The KernelError data calls fail with when their thread is gone. */
export function threadGoneError(exit: ThreadExit, moduleId: string): KernelErrorData {
  return exit.cause === "terminated"
    ? { code: "sandbox_killed", message: `${moduleId}: its sandbox was stopped (${exit.message})` }
    : {
        code: "sandbox_crash",
        message: `${moduleId}: its sandbox thread died (${exit.message})`,
        data: { reason: "crash" },
      };
}
