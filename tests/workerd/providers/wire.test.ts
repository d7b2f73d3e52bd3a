import { fetchTransport } from "../../suites/providers/fetch-transport.ts";
import { registerAnthropicWireSuite } from "../../suites/providers/wire-anthropic-suite.ts";
import { registerLoopWireSuite } from "../../suites/providers/wire-loop-suite.ts";
import { registerOpenAiWireSuite } from "../../suites/providers/wire-openai-suite.ts";
import { registerWireRecordingsSuite } from "../../suites/providers/wire-recordings-suite.ts";
import { registerWorkersAiWireSuite } from "../../suites/providers/wire-workers-ai-suite.ts";

registerAnthropicWireSuite(fetchTransport, "workerd, injected fetch");
registerOpenAiWireSuite(fetchTransport, "workerd, injected fetch");
registerLoopWireSuite(fetchTransport, "workerd, injected fetch");
registerWireRecordingsSuite(fetchTransport, "workerd, injected fetch");
registerWorkersAiWireSuite("workerd, replayed binding");
