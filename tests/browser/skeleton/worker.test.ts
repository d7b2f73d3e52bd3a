import * as Comlink from "comlink";
import { openDB } from "idb";
import { describe, expect, it } from "vitest";
import type { SandboxWorkerApi } from "./evaluate-worker.ts";

describe("Chromium", () => {
  it("runs QuickJS inside a module Web Worker reached over comlink", async () => {
    const worker = new Worker(new URL("./evaluate-worker.ts", import.meta.url), { type: "module" });
    try {
      const api = Comlink.wrap<SandboxWorkerApi>(worker);
      expect(navigator.userAgent).toContain("HeadlessChrome");
      expect(await api.evaluate("export default [1, 2, 3].map((n) => n * 2);")).toEqual([2, 4, 6]);
    } finally {
      worker.terminate();
    }
  });

  it("keeps IndexedDB data across a close and reopen", async () => {
    const name = `skeleton-${crypto.randomUUID()}`;
    const open = () =>
      openDB(name, 1, {
        upgrade(database) {
          database.createObjectStore("records", { keyPath: "id" });
        },
      });
    const first = await open();
    await first.put("records", { id: "a", value: 41 });
    first.close();
    const second = await open();
    expect(await second.get("records", "a")).toEqual({ id: "a", value: 41 });
    second.close();
    indexedDB.deleteDatabase(name);
  });
});
