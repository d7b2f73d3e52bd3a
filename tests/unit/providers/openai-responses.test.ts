import { fetchTransport } from "../../suites/providers/fetch-transport.ts";
import { registerOpenAiResponsesSuite } from "../../suites/providers/openai-responses-suite.ts";
import { nodeTransport } from "./node-transport.ts";

registerOpenAiResponsesSuite(nodeTransport, "node, HTTP server on 127.0.0.1");
registerOpenAiResponsesSuite(fetchTransport, "node, injected fetch");
