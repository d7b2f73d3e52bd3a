/**
 * A dedicated Web Worker that runs one sandboxed module's runner (worker placement in browsers),
 * on the QuickJS release build. The kernel starts it through `webWorkerSpawner`, sends the page's
 * compiled QuickJS wasm with `init` (a WebAssembly.Module is structured-cloneable), and talks to
 * it by message. Start it with
 * `new Worker(new URL("amplifier-edge/web/sandbox-worker", import.meta.url), { type: "module" })`,
 * or let the worker host do it. A worker on the debug build is a test's own entry.
 */

import type { MessageEndpoint } from "../../sandbox/transport/thread-messages.ts";
import { serveRunnerThread } from "../../sandbox/transport/thread-runner.ts";
import { KernelError } from "../../src/errors.ts";
import { loadQuickJSWasm } from "./quickjs-wasm.ts";

serveRunnerThread(self as unknown as MessageEndpoint, async (build, shared) => {
  if (build !== "release") {
    throw new KernelError("sandbox_unavailable", `this worker entry runs the release build only, not "${build}"`);
  }
  return { wasmModule: shared ?? (await loadQuickJSWasm()) };
});
