// Under workerd (and wrangler's bundler) the wasm subpath is imported as a compiled WebAssembly.Module.
declare module "@jitl/quickjs-wasmfile-release-sync/wasm" {
  const wasmModule: WebAssembly.Module;
  export default wasmModule;
}
declare module "@jitl/quickjs-wasmfile-debug-sync/wasm" {
  const wasmModule: WebAssembly.Module;
  export default wasmModule;
}
