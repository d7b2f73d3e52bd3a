/**
 * The control messages of a sandbox thread (the `thread` channel): the kernel starts a thread
 * with `init`, the thread answers `ready` (or `failed`) once its engine is loaded, answers `ping`
 * while it is alive, and forwards engine diagnostics. Plain data only, like everything else here.
 */
import type { KernelErrorData } from "../../src/errors.ts";
import type { DisposeReport } from "../engine/guest-instance.ts";

/** Which QuickJS build a thread runs. */
export type SandboxBuild = "release" | "debug";

/** Kernel → thread. */
export type ThreadCommand =
  | {
      readonly type: "init";
      /** The compiled QuickJS wasm, when the kernel's thread can share it (it is structured-cloneable). */
      readonly wasmModule: WebAssembly.Module | undefined;
      readonly build: SandboxBuild;
    }
  | { readonly type: "ping"; readonly id: number };

/** Thread → kernel. */
export type ThreadReport =
  | { readonly type: "ready" }
  | { readonly type: "failed"; readonly error: KernelErrorData }
  | { readonly type: "pong"; readonly id: number }
  | { readonly type: "diagnostic"; readonly line: string }
  | { readonly type: "created"; readonly moduleId: string }
  | { readonly type: "disposed"; readonly report: DisposeReport & { readonly moduleId: string } };

/** True when `value` is a thread command (anything else on the channel is ignored). */
export function isThreadCommand(value: unknown): value is ThreadCommand {
  const type = (value as { type?: unknown } | null)?.type;
  return type === "init" || type === "ping";
}

/** True when `value` is a thread report. */
export function isThreadReport(value: unknown): value is ThreadReport {
  const type = (value as { type?: unknown } | null)?.type;
  return (
    type === "ready" ||
    type === "failed" ||
    type === "pong" ||
    type === "diagnostic" ||
    type === "created" ||
    type === "disposed"
  );
}
