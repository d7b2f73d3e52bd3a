import * as Comlink from "comlink";
import { afterAll } from "vitest";
import { registerScenarios } from "../../suites/sandbox/index.ts";
import type { SandboxTestWorkerApi } from "./sandbox-test-worker.ts";

// The scenarios run inside a module Web Worker, where the coordinator and its sandboxes live in the browser.
const worker = new Worker(new URL("./sandbox-test-worker.ts", import.meta.url), { type: "module" });
const api = Comlink.wrap<SandboxTestWorkerApi>(worker);

afterAll(() => worker.terminate());

registerScenarios("sandbox in Chromium (Web Worker)", "release", (group, name) => api.run(group, name), 30_000);
