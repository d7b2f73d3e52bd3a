import { fetchTransport } from "../../suites/providers/fetch-transport.ts";
import { registerOpenAiSuite } from "../../suites/providers/openai-suite.ts";

registerOpenAiSuite(fetchTransport, "workerd, injected fetch");
