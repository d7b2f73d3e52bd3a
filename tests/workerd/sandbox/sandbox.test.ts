import { loadQuickJSWasm } from "../../../worker/cloudflare/quickjs-wasm.ts";
import { bundledExamples } from "../../suites/sandbox/examples-bundled.ts";
import { registerSandboxSuite } from "../../suites/sandbox/index.ts";

registerSandboxSuite("sandbox in workerd (release build)", "release", async () => ({
  runtime: "workerd",
  build: "release",
  wasmModule: await loadQuickJSWasm(),
  examples: await bundledExamples(),
}));
