import { webWorkerSpawner } from "../../../sandbox/transport/web-worker.ts";
import { loadQuickJSWasm } from "../../../worker/web/quickjs-wasm.ts";
import { registerBoundarySuite } from "../../suites/boundary/index.ts";
import { inProcessTransport } from "../../suites/boundary/test-api.ts";

// Worker placement is a dedicated Web Worker per sandbox, given the page's compiled wasm.
registerBoundarySuite("boundary in Chromium", ["inline", "worker"], async () => {
  const wasmModule = await loadQuickJSWasm();
  const createWorker = () =>
    new Worker(new URL("../../../worker/web/sandbox-worker.ts", import.meta.url), { type: "module" });
  return {
    runtime: "chromium",
    wasmModule,
    spawnWorker: webWorkerSpawner(createWorker, { wasmModule }),
    serve: async (api) => ({ fetch: inProcessTransport(api), [Symbol.asyncDispose]: async () => api.release() }),
  };
});
