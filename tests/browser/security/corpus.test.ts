/** The hostile-module corpus in Chromium: each case runs in a module Web Worker, as the web runtime does. */
import * as Comlink from "comlink";
import { afterAll } from "vitest";
import { registerCorpus } from "../../suites/security/corpus-suite.ts";
import type { SecurityTestWorkerApi } from "./security-test-worker.ts";

const files: Record<string, string> = import.meta.glob("../../security/corpus/*.js", {
  query: "?raw",
  import: "default",
  eager: true,
});

const worker = new Worker(new URL("./security-test-worker.ts", import.meta.url), { type: "module" });
const api = Comlink.wrap<SecurityTestWorkerApi>(worker);

afterAll(() => worker.terminate());

registerCorpus("chromium", files, async (corpusCase) => {
  await api.run(corpusCase.file);
});
