import { fetchTransport } from "../../suites/providers/fetch-transport.ts";
import { registerAnthropicWireSuite } from "../../suites/providers/wire-anthropic-suite.ts";
import { registerLoopWireSuite } from "../../suites/providers/wire-loop-suite.ts";
import { registerOpenAiWireSuite } from "../../suites/providers/wire-openai-suite.ts";
import { registerWireRecordingsSuite } from "../../suites/providers/wire-recordings-suite.ts";
import { registerWorkersAiWireSuite } from "../../suites/providers/wire-workers-ai-suite.ts";
import { nodeTransport } from "./node-transport.ts";

registerAnthropicWireSuite(nodeTransport, "node, HTTP server on 127.0.0.1");
registerAnthropicWireSuite(fetchTransport, "node, injected fetch");
registerOpenAiWireSuite(nodeTransport, "node, HTTP server on 127.0.0.1");
registerOpenAiWireSuite(fetchTransport, "node, injected fetch");
registerLoopWireSuite(nodeTransport, "node, HTTP server on 127.0.0.1");
registerLoopWireSuite(fetchTransport, "node, injected fetch");
registerWireRecordingsSuite(nodeTransport, "node, HTTP server on 127.0.0.1");
registerWireRecordingsSuite(fetchTransport, "node, injected fetch");
registerWorkersAiWireSuite("node, replayed binding");
