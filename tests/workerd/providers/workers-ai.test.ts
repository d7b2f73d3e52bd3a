import { registerWorkersAiSuite } from "../../suites/providers/workers-ai-suite.ts";

registerWorkersAiSuite("workerd, replayed binding");
