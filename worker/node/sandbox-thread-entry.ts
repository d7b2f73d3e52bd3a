/**
 * The body of a sandbox worker_thread (worker placement in node): one module's runner served on
 * `parentPort`, on the QuickJS release build. `nodeSandboxThreads` starts it; the package ships it
 * compiled (`sandbox-thread-entry.js`), so no TypeScript loader is needed at run time. A thread
 * on the debug build (leak checks) is a test's own entry, given as `nodeSandboxThreads({ entry })`.
 */
import { parentPort } from "node:worker_threads";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import type { MessageEndpoint } from "../../sandbox/transport/thread-messages.ts";
import { serveRunnerThread } from "../../sandbox/transport/thread-runner.ts";
import { KernelError } from "../../src/errors.ts";
import { loadQuickJSWasm } from "./quickjs-wasm.ts";

if (!parentPort) throw new Error("sandbox-thread-entry must run in a worker_thread");

serveRunnerThread(nodeEndpoint(parentPort) as unknown as MessageEndpoint, async (build, shared) => {
  if (build !== "release") {
    throw new KernelError("sandbox_unavailable", `this thread entry runs the release build only, not "${build}"`);
  }
  return { wasmModule: shared ?? (await loadQuickJSWasm()) };
});
