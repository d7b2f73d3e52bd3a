/** The options and reports of a guest instance. */
import type { QuickJSSyncVariant } from "quickjs-emscripten-core";
import type { SandboxLimits } from "../limits.ts";
import type { GuestReply, KillReason } from "../protocol.ts";
import type { Clock } from "./call-guard.ts";

/** What a guest instance needs from its owner. */
export interface GuestInstanceOptions {
  readonly wasmModule: WebAssembly.Module;
  readonly variant?: QuickJSSyncVariant | undefined;
  readonly limits: SandboxLimits;
  readonly now: Clock;
  /** Answers a guest request (op and payload JSON); called outside any guest section. */
  readonly onRequest: (op: string, payloadText: string) => Promise<GuestReply>;
  /** Told once when the instance is killed. */
  readonly onKilled: (reason: KillReason, message: string) => void;
  /** Receives engine diagnostics (heap growth failures, debug-build leak reports). */
  readonly onDiagnostic?: ((line: string) => void) | undefined;
  /** Told when the engine instance exists (it will be reported by `onDisposed` when released). */
  readonly onCreated?: (() => void) | undefined;
  /** Receives what disposing the instance found (failures, leaks reported by a debug build). */
  readonly onDisposed?: ((report: DisposeReport) => void) | undefined;
}

/** What disposing an instance found; a clean stop has no errors and no leaks. */
export interface DisposeReport {
  /** Set when the instance was killed before it was disposed. */
  readonly killed: KillReason | undefined;
  /** Failures while releasing handles, the context or the runtime (a leaked handle shows here). */
  readonly errors: readonly string[];
  /** True when a debug build's leak sanitizer found unreleased memory. */
  readonly leaked: boolean;
}
