/**
 * A test worker: the smallest module Web Worker that evaluates a module in QuickJS, reached over comlink.
 */
import * as Comlink from "comlink";
import { evaluateModuleDefault } from "../../../sandbox/runner/evaluate.ts";
import { loadQuickJSWasm } from "../../../worker/web/quickjs-wasm.ts";

/** What the page can call on a sandbox worker. */
export interface SandboxWorkerApi {
  evaluate(source: string): Promise<unknown>;
}

const api: SandboxWorkerApi = {
  async evaluate(source) {
    return evaluateModuleDefault(await loadQuickJSWasm(), source);
  },
};

Comlink.expose(api);
