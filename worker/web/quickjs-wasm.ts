/** Browser: the QuickJS wasm emitted as an asset by Vite and compiled once per worker. */
import wasmUrl from "@jitl/quickjs-wasmfile-release-sync/wasm?url";

let compiled: Promise<WebAssembly.Module> | undefined;

/** The compiled QuickJS release module, shared by every sandbox in this worker. */
export function loadQuickJSWasm(): Promise<WebAssembly.Module> {
  compiled ??= WebAssembly.compileStreaming(fetch(wasmUrl));
  return compiled;
}
