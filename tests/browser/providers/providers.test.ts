/** The provider suites in Chromium, where the playground calls providers (through the injected-fetch transport). */
import { loadQuickJSWasm } from "../../../worker/web/quickjs-wasm.ts";
import { registerAnthropicSuite } from "../../suites/providers/anthropic-suite.ts";
import { fetchTransport } from "../../suites/providers/fetch-transport.ts";
import { registerOpenAiResponsesSuite } from "../../suites/providers/openai-responses-suite.ts";
import { registerOpenAiSuite } from "../../suites/providers/openai-suite.ts";
import { registerProviderSessionSuite } from "../../suites/providers/session-suite.ts";
import { registerAnthropicWireSuite } from "../../suites/providers/wire-anthropic-suite.ts";
import { registerLoopWireSuite } from "../../suites/providers/wire-loop-suite.ts";
import { registerOpenAiWireSuite } from "../../suites/providers/wire-openai-suite.ts";
import { registerWireRecordingsSuite } from "../../suites/providers/wire-recordings-suite.ts";
import { registerWorkersAiWireSuite } from "../../suites/providers/wire-workers-ai-suite.ts";
import { registerWorkersAiSuite } from "../../suites/providers/workers-ai-suite.ts";

registerAnthropicSuite(fetchTransport, "chromium, injected fetch");
registerOpenAiSuite(fetchTransport, "chromium, injected fetch");
registerOpenAiResponsesSuite(fetchTransport, "chromium, injected fetch");
registerWorkersAiSuite("chromium, replayed binding");
registerProviderSessionSuite(fetchTransport, loadQuickJSWasm, "chromium, injected fetch");
registerAnthropicWireSuite(fetchTransport, "chromium, injected fetch");
registerOpenAiWireSuite(fetchTransport, "chromium, injected fetch");
registerLoopWireSuite(fetchTransport, "chromium, injected fetch");
registerWireRecordingsSuite(fetchTransport, "chromium, injected fetch");
registerWorkersAiWireSuite("chromium, replayed binding");
