import { fetchTransport } from "../../suites/providers/fetch-transport.ts";
import { registerOpenAiSuite } from "../../suites/providers/openai-suite.ts";
import { nodeTransport } from "./node-transport.ts";

registerOpenAiSuite(nodeTransport, "node, HTTP server on 127.0.0.1");
registerOpenAiSuite(fetchTransport, "node, injected fetch");
