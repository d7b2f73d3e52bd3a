/** What a guest instance is made of, and what it is told when a module is assigned to it. */
import type { QuickJSSyncVariant } from "quickjs-emscripten-core";
import type { GuestReply, GuestRequest, GuestSession, KillReason, SandboxLimits } from "../protocol.ts";
import type { Clock } from "./call-guard.ts";

/** The engine a thread prepares instances from: its compiled wasm, build and clock. */
export interface EngineOptions {
  readonly wasmModule: WebAssembly.Module;
  /** The QuickJS build matching `wasmModule` (release by default). */
  readonly variant?: QuickJSSyncVariant | undefined;
  /** Milliseconds clock of the CPU guard (default `Date.now`). */
  readonly now?: Clock | undefined;
  /** Receives engine diagnostics (heap growth failures, debug-build leak reports). */
  readonly onDiagnostic?: ((line: string) => void) | undefined;
}

/** A module assigned to a prepared instance. */
export interface GuestAssignment {
  readonly moduleId: string;
  readonly limits: SandboxLimits;
  readonly session: GuestSession;
  /** Answers a guest request; called outside any guest section. */
  readonly onRequest: (request: GuestRequest) => Promise<GuestReply>;
  /** Told once when the instance is killed, with the host's own description. */
  readonly onKilled: (reason: KillReason, message: string) => void;
  /** Receives what disposing the instance found (failures, leaks a debug build reports). */
  readonly onDisposed?:
    | ((report: { killed: KillReason | undefined; errors: string[]; leaked: boolean }) => void)
    | undefined;
}
