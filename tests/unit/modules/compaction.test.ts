import { registerCompactionSuite } from "../../suites/modules/compaction.suite.ts";

registerCompactionSuite([10, 1_000, 100_000]);
