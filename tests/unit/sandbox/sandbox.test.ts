import { loadQuickJSWasm } from "../../../worker/node/quickjs-wasm.ts";
import { registerSandboxSuite } from "../../suites/sandbox/index.ts";
import { examplesFromDisk } from "./examples-from-disk.ts";

registerSandboxSuite("sandbox in node (release build)", "release", async () => ({
  runtime: "node",
  build: "release",
  wasmModule: await loadQuickJSWasm(),
  examples: await examplesFromDisk(),
}));
