import { registerFilesystemSuite } from "../../suites/modules/tool-filesystem.suite.ts";

registerFilesystemSuite();
