import { fetchTransport } from "../../suites/providers/fetch-transport.ts";
import { registerOpenAiResponsesSuite } from "../../suites/providers/openai-responses-suite.ts";

registerOpenAiResponsesSuite(fetchTransport, "workerd, injected fetch");
