import { registerCalculatorSuite } from "../../suites/modules/tool-calculator.suite.ts";

registerCalculatorSuite();
