/** The hostile-module corpus in workerd, where sandboxes always run inline (no threads on Workers). */
import { loadQuickJSWasm } from "../../../worker/cloudflare/quickjs-wasm.ts";
import { registerCorpus } from "../../suites/security/corpus-suite.ts";
import { runCorpusCase, type SecurityEnvironment } from "../../suites/security/run-case.ts";

const files: Record<string, string> = import.meta.glob("../../security/corpus/*.js", {
  query: "?raw",
  import: "default",
  eager: true,
});

let environment: Promise<SecurityEnvironment> | undefined;

registerCorpus("workerd", files, async (corpusCase) => {
  environment ??= loadQuickJSWasm().then((wasmModule) => ({ runtime: "workerd", wasmModule }));
  await runCorpusCase(await environment, corpusCase);
});
