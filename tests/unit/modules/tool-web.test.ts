import { registerWebSuite } from "../../suites/modules/tool-web.suite.ts";

registerWebSuite();
