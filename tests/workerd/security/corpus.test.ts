/** The hostile-module corpus in workerd, through the Cloudflare session's own sandboxes (inline: no threads on Workers). */
import { loadQuickJSWasm } from "../../../worker/cloudflare/quickjs-wasm.ts";
import { cloudflareSandboxes } from "../../../worker/cloudflare/sandboxes.ts";
import { registerCorpus } from "../../suites/security/corpus-suite.ts";
import { runCorpusCase, type SecurityEnvironment } from "../../suites/security/run-case.ts";

const files: Record<string, string> = import.meta.glob("../../security/corpus/*.js", {
  query: "?raw",
  import: "default",
  eager: true,
});

let environment: Promise<SecurityEnvironment> | undefined;
const load = async (): Promise<SecurityEnvironment> => {
  const wasmModule = await loadQuickJSWasm();
  return {
    runtime: "workerd",
    wasmModule,
    sandboxes: async (capabilities, observer) =>
      cloudflareSandboxes({ ...observer, wasmModule, env: capabilities.secrets, capabilities: capabilities.gates }),
  };
};

registerCorpus("workerd", files, async (corpusCase) => {
  environment ??= load();
  await runCorpusCase(await environment, corpusCase);
});
