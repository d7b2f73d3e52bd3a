/**
 * A module Web Worker that runs the hostile-module corpus in Chromium, as the web worker host does:
 * the coordinator in this worker, each sandboxed module in a dedicated Web Worker of its own, built
 * by the host's own `HostResources`.
 */
import * as Comlink from "comlink";
import { HostResources } from "../../../worker/web/host-resources.ts";
import { loadQuickJSWasm } from "../../../worker/web/quickjs-wasm.ts";
import { parseCorpus } from "../../suites/security/corpus-case.ts";
import { type CaseReport, runCorpusCase, type SecurityEnvironment } from "../../suites/security/run-case.ts";

const files: Record<string, string> = import.meta.glob("../../security/corpus/*.js", {
  query: "?raw",
  import: "default",
  eager: true,
});

/** What the test page can ask of the worker. */
export interface SecurityTestWorkerApi {
  /** Runs the corpus case in `file`; rejects listing every check it failed. */
  run(file: string): Promise<CaseReport>;
}

const cases = new Map(parseCorpus(files).map((corpusCase) => [corpusCase.file, corpusCase]));
let environment: Promise<SecurityEnvironment> | undefined;

const api: SecurityTestWorkerApi = {
  async run(file) {
    const corpusCase = cases.get(file);
    if (!corpusCase) throw new Error(`no corpus case ${file}`);
    environment ??= loadQuickJSWasm().then((wasmModule) => ({
      runtime: "chromium",
      wasmModule,
      async sandboxes(capabilities, observer) {
        const resources = new HostResources({ capabilities: capabilities.gates, engineObserver: observer });
        const sandboxes = resources.sandboxes(capabilities.secrets);
        return {
          loader: sandboxes.loader,
          async [Symbol.asyncDispose]() {
            await sandboxes[Symbol.asyncDispose]();
            await resources[Symbol.asyncDispose]();
          },
        };
      },
    }));
    return runCorpusCase(await environment, corpusCase);
  },
};

Comlink.expose(api);
