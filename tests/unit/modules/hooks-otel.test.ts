import { loadQuickJSWasm } from "../../../worker/node/quickjs-wasm.ts";
import { registerHooksOtelSuite } from "../../suites/modules/hooks-otel.suite.ts";

registerHooksOtelSuite(loadQuickJSWasm);
