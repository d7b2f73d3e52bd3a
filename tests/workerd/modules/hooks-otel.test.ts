import { loadQuickJSWasm } from "../../../worker/cloudflare/quickjs-wasm.ts";
import { registerHooksOtelSuite } from "../../suites/modules/hooks-otel.suite.ts";

registerHooksOtelSuite(loadQuickJSWasm);
