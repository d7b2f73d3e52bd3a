import { registerProviderMockSuite } from "../../suites/modules/provider-mock.suite.ts";

registerProviderMockSuite();
