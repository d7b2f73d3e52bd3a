/**
 * A module Web Worker that runs the hostile-module corpus in Chromium, where the coordinator and
 * its sandboxes live in the browser (QuickJS compiled from the Vite-emitted wasm asset).
 */
import * as Comlink from "comlink";
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
    environment ??= loadQuickJSWasm().then((wasmModule) => ({ runtime: "chromium", wasmModule }));
    return runCorpusCase(await environment, corpusCase);
  },
};

Comlink.expose(api);
