import { registerRegistrySuite } from "../../suites/modules/registry.suite.ts";

registerRegistrySuite();
