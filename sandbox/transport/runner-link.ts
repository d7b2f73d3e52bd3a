/**
 * The kernel side's handle on one runner, whatever carries the calls: a direct same-thread call
 * (inline placement) or messages to a worker (worker placement). The supervisor speaks only this.
 */
import type { KernelErrorData } from "../../src/errors.ts";
import type { KernelPortApi, RunnerApi, SandboxPlacement } from "../protocol.ts";

/** Why a link is gone. */
export interface LinkExit {
  /** `terminated` when the kernel side ended it; `crashed` when its thread died on its own. */
  readonly cause: "terminated" | "crashed";
  readonly message: string;
}

/** One runner as the kernel side reaches it. */
export interface RunnerLink {
  readonly placement: SandboxPlacement;
  /** The runner's API: every method answers with a Result, even when the runner is gone. */
  readonly api: RunnerApi;
  /** Settles once, when the link is gone (its thread died, or it was terminated). */
  readonly exited: Promise<LinkExit>;
  /** Calls waiting for the runner. */
  readonly pending: number;
  /** Resolves true when the runner answers within `timeoutMs` (a same-thread runner always does). */
  ping(timeoutMs: number): Promise<boolean>;
  /** Ends the runner at once (for a worker, the hard kill); calls in flight fail with `reason` when given. */
  terminate(reason?: KernelErrorData): Promise<void>;
}

/** Opens a link to a fresh runner whose guest requests are answered by `port`. */
export type RunnerConnector = (port: KernelPortApi) => Promise<RunnerLink>;
