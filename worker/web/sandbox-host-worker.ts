/**
 * A dedicated Web Worker that runs one sandbox host (worker placement in browsers). The kernel
 * starts it through `webWorkerSpawner`, sends the page's compiled QuickJS wasm with `init` (a
 * WebAssembly.Module is structured-cloneable), and reaches the host over comlink on `self`.
 * Start it with `new Worker(new URL("./sandbox-host-worker.ts", import.meta.url), { type: "module" })`.
 */
import type { Endpoint } from "comlink";
import { serveSandboxThread } from "../../sandbox/boundary/thread-host.ts";
import { loadQuickJSWasm } from "./quickjs-wasm.ts";

serveSandboxThread(self as unknown as Endpoint, async (build, shared) => {
  if (build === "debug") {
    const [{ default: variant }, { default: wasmUrl }] = await Promise.all([
      import("@jitl/quickjs-wasmfile-debug-sync"),
      import("@jitl/quickjs-wasmfile-debug-sync/wasm?url"),
    ]);
    return { wasmModule: shared ?? (await WebAssembly.compileStreaming(fetch(wasmUrl))), variant };
  }
  return { wasmModule: shared ?? (await loadQuickJSWasm()) };
});
