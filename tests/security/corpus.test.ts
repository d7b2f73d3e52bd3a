/** The hostile-module corpus in node, through the CLI's own sandboxes (each module in a worker thread). */
import { createNodeSandboxes } from "../../worker/node/node-sandbox.ts";
import { loadQuickJSWasm } from "../../worker/node/quickjs-wasm.ts";
import { registerCorpus } from "../suites/security/corpus-suite.ts";
import { runCorpusCase, type SecurityEnvironment } from "../suites/security/run-case.ts";

const files: Record<string, string> = import.meta.glob("./corpus/*.js", {
  query: "?raw",
  import: "default",
  eager: true,
});

let environment: Promise<SecurityEnvironment> | undefined;
const load = async (): Promise<SecurityEnvironment> => ({
  runtime: "node",
  wasmModule: await loadQuickJSWasm(),
  sandboxes: (capabilities, observer) =>
    createNodeSandboxes({ ...observer, env: capabilities.secrets, capabilities: capabilities.gates }),
});

registerCorpus("node", files, async (corpusCase) => {
  environment ??= load();
  await runCorpusCase(await environment, corpusCase);
});
