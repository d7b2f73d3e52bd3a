import { loadQuickJSWasm } from "../../../worker/cloudflare/quickjs-wasm.ts";
import { fetchTransport } from "../../suites/providers/fetch-transport.ts";
import { registerProviderSessionSuite } from "../../suites/providers/session-suite.ts";

registerProviderSessionSuite(fetchTransport, loadQuickJSWasm, "workerd, injected fetch");
