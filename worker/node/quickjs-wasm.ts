/** Node: the QuickJS wasm read from the installed package and compiled once per thread. */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
let compiled: Promise<WebAssembly.Module> | undefined;

/** The compiled QuickJS release module, shared by every sandbox on this thread. */
export function loadQuickJSWasm(): Promise<WebAssembly.Module> {
  compiled ??= readFile(require.resolve("@jitl/quickjs-wasmfile-release-sync/wasm")).then((bytes) =>
    WebAssembly.compile(bytes),
  );
  return compiled;
}
