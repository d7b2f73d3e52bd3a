import { registerWorkersAiSuite } from "../../suites/providers/workers-ai-suite.ts";

registerWorkersAiSuite("node, replayed binding");
