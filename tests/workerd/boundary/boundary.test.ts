import { loadQuickJSWasm } from "../../../worker/cloudflare/quickjs-wasm.ts";
import { registerBoundarySuite } from "../../suites/boundary/index.ts";
import { inProcessTransport } from "../../suites/boundary/test-api.ts";

// Workers have no threads: inline placement only, and a module asking for a worker is refused.
registerBoundarySuite("boundary in workerd", ["inline"], async () => ({
  runtime: "workerd",
  wasmModule: await loadQuickJSWasm(),
  serve: async (api) => ({ fetch: inProcessTransport(api), [Symbol.asyncDispose]: async () => api.release() }),
}));
