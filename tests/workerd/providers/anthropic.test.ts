import { registerAnthropicSuite } from "../../suites/providers/anthropic-suite.ts";
import { fetchTransport } from "../../suites/providers/fetch-transport.ts";

registerAnthropicSuite(fetchTransport, "workerd, injected fetch");
