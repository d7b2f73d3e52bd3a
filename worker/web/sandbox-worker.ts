/**
 * A dedicated Web Worker that runs one sandboxed module's runner (worker placement in browsers).
 * The kernel starts it through `webWorkerSpawner`, sends the page's compiled QuickJS wasm with
 * `init` (a WebAssembly.Module is structured-cloneable), and talks to it by message.
 * Start it with `new Worker(new URL("./sandbox-worker.ts", import.meta.url), { type: "module" })`.
 */
import type { MessageEndpoint } from "../../sandbox/transport/thread-messages.ts";
import { serveRunnerThread } from "../../sandbox/transport/thread-runner.ts";
import { loadQuickJSWasm } from "./quickjs-wasm.ts";

serveRunnerThread(self as unknown as MessageEndpoint, async (build, shared) => {
  if (build === "debug") {
    const [{ default: variant }, { default: wasmUrl }] = await Promise.all([
      import("@jitl/quickjs-wasmfile-debug-sync"),
      import("@jitl/quickjs-wasmfile-debug-sync/wasm?url"),
    ]);
    return { wasmModule: shared ?? (await WebAssembly.compileStreaming(fetch(wasmUrl))), variant };
  }
  return { wasmModule: shared ?? (await loadQuickJSWasm()) };
});
