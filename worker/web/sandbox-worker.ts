/**
 * A module Web Worker that evaluates untrusted modules in QuickJS, reached over comlink.
 * Start it with `new Worker(new URL("./sandbox-worker.ts", import.meta.url), { type: "module" })`.
 */
import * as Comlink from "comlink";
import { evaluateModuleDefault } from "../../sandbox/evaluate.ts";
import { loadQuickJSWasm } from "./quickjs-wasm.ts";

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
