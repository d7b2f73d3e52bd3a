/**
 * A module Web Worker that runs the sandbox scenarios in Chromium, against the engine as it runs
 * in the browser (QuickJS compiled from the Vite-emitted wasm asset). Reached over comlink.
 */
import * as Comlink from "comlink";
import { loadQuickJSWasm } from "../../../worker/web/quickjs-wasm.ts";
import type { SandboxTestEnvironment } from "../../suites/sandbox/environment.ts";
import { bundledExamples } from "../../suites/sandbox/examples-bundled.ts";
import { runScenario } from "../../suites/sandbox/scenarios.ts";

/** What the test page can ask of the worker. */
export interface SandboxTestWorkerApi {
  /** Runs one scenario; rejects with its failure. */
  run(group: string, name: string): Promise<void>;
}

let environment: Promise<SandboxTestEnvironment> | undefined;

async function load(): Promise<SandboxTestEnvironment> {
  return {
    runtime: "chromium",
    build: "release",
    wasmModule: await loadQuickJSWasm(),
    examples: await bundledExamples(),
  };
}

const api: SandboxTestWorkerApi = {
  async run(group, name) {
    environment ??= load();
    await runScenario(await environment, group, name);
  },
};

Comlink.expose(api);
