import { registerLoopCancelSuite } from "../../suites/modules/loop-cancel.suite.ts";
import { registerLoopPathSuite } from "../../suites/modules/loop-paths.suite.ts";
import { registerLoopStreamingSuite } from "../../suites/modules/loop-streaming.suite.ts";

for (const loop of ["loop-basic", "loop-streaming"] as const) {
  registerLoopPathSuite(loop);
  registerLoopCancelSuite(loop);
}
registerLoopStreamingSuite();
