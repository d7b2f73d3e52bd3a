import { registerPersistentContextSuite } from "../../suites/modules/context-persistent.suite.ts";

registerPersistentContextSuite();
