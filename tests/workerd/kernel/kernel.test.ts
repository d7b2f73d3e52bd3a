import { registerKernelSuite } from "../../suites/kernel/index.ts";

registerKernelSuite();
