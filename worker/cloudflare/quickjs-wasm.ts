/** Workers: the wasm is imported as a module; compiling from bytes is forbidden there. */
import wasmModule from "@jitl/quickjs-wasmfile-release-sync/wasm";

/** The QuickJS release module, compiled by the platform at deploy time. */
export function loadQuickJSWasm(): Promise<WebAssembly.Module> {
  return Promise.resolve(wasmModule);
}
