import { loadQuickJSWasm } from "../../../worker/node/quickjs-wasm.ts";
import { nodeSandboxThreads } from "../../../worker/node/sandbox-thread.ts";
import { registerBoundarySuite } from "../../suites/boundary/index.ts";
import { serveOnLoopback } from "./loopback-api.ts";

registerBoundarySuite("boundary in node", ["inline", "worker"], async () => {
  const wasmModule = await loadQuickJSWasm();
  return { runtime: "node", wasmModule, spawnWorker: nodeSandboxThreads({ wasmModule }), serve: serveOnLoopback };
});
