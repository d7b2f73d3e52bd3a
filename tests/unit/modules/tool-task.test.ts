import { registerTaskSuite } from "../../suites/modules/tool-task.suite.ts";

registerTaskSuite();
