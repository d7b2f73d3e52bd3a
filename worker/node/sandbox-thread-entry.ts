/**
 * The body of a sandbox worker_thread (worker placement in node): one sandbox host served over
 * comlink on `parentPort`. Started by `sandbox-thread.mjs`, which registers tsx first.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { parentPort } from "node:worker_threads";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { serveSandboxThread } from "../../sandbox/boundary/thread-host.ts";
import { loadQuickJSWasm } from "./quickjs-wasm.ts";

const require = createRequire(import.meta.url);

if (!parentPort) throw new Error("sandbox-thread-entry.ts must run in a worker_thread");

serveSandboxThread(nodeEndpoint(parentPort), async (build, shared) => {
  if (build === "debug") {
    const { default: variant } = await import("@jitl/quickjs-wasmfile-debug-sync");
    const bytes = shared ? undefined : await readFile(require.resolve("@jitl/quickjs-wasmfile-debug-sync/wasm"));
    return { wasmModule: shared ?? (await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>)), variant };
  }
  return { wasmModule: shared ?? (await loadQuickJSWasm()) };
});
