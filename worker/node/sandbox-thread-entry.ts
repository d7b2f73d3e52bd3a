/**
 * The body of a sandbox worker_thread (worker placement in node): one module's runner served on
 * `parentPort`. Started by `sandbox-thread.mjs`, which registers tsx first.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { parentPort } from "node:worker_threads";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import type { MessageEndpoint } from "../../sandbox/transport/thread-messages.ts";
import { serveRunnerThread } from "../../sandbox/transport/thread-runner.ts";
import { loadQuickJSWasm } from "./quickjs-wasm.ts";

const require = createRequire(import.meta.url);

if (!parentPort) throw new Error("sandbox-thread-entry.ts must run in a worker_thread");

serveRunnerThread(nodeEndpoint(parentPort) as unknown as MessageEndpoint, async (build, shared) => {
  if (build === "debug") {
    const { default: variant } = await import("@jitl/quickjs-wasmfile-debug-sync");
    const bytes = shared ? undefined : await readFile(require.resolve("@jitl/quickjs-wasmfile-debug-sync/wasm"));
    return { wasmModule: shared ?? (await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>)), variant };
  }
  return { wasmModule: shared ?? (await loadQuickJSWasm()) };
});
