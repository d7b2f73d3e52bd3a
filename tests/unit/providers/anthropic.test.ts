import { registerAnthropicSuite } from "../../suites/providers/anthropic-suite.ts";
import { fetchTransport } from "../../suites/providers/fetch-transport.ts";
import { nodeTransport } from "./node-transport.ts";

registerAnthropicSuite(nodeTransport, "node, HTTP server on 127.0.0.1");
registerAnthropicSuite(fetchTransport, "node, injected fetch");
