import { loadQuickJSWasm } from "../../../worker/node/quickjs-wasm.ts";
import { fetchTransport } from "../../suites/providers/fetch-transport.ts";
import { registerProviderSessionSuite } from "../../suites/providers/session-suite.ts";
import { nodeTransport } from "./node-transport.ts";

registerProviderSessionSuite(nodeTransport, loadQuickJSWasm, "node, HTTP server on 127.0.0.1");
registerProviderSessionSuite(fetchTransport, loadQuickJSWasm, "node, injected fetch");
