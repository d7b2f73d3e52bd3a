import { registerHooksSuite } from "../../suites/modules/hooks.suite.ts";

registerHooksSuite();
