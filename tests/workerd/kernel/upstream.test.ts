import { registerUpstreamConformance } from "../../suites/kernel/upstream/index.ts";

registerUpstreamConformance();
