/**
 * Builds the storage e2e page (tests/e2e/fixtures/storage-page) with Vite and serves it with
 * `vite preview` on 127.0.0.1 at a free port.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { build, preview } from "vite";

const ROOT = resolve("tests/e2e/fixtures/storage-page");

/** Builds and serves the page; dispose stops the server and removes the build. */
export async function serveStoragePage(): Promise<{ url: string } & AsyncDisposable> {
  const outDir = mkdtempSync(join(tmpdir(), "amplifier-edge-storage-page-"));
  const shared = { root: ROOT, configFile: false as const, logLevel: "silent" as const };
  await build({ ...shared, build: { outDir, emptyOutDir: true, target: "es2022" } });
  const server = await preview({
    ...shared,
    build: { outDir },
    preview: { host: "127.0.0.1", port: 0, strictPort: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error("vite preview did not report a local URL");
  return {
    url,
    async [Symbol.asyncDispose]() {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

/** Opens the page and waits until its store is open. */
export async function openStoragePage(page: Page, url: string): Promise<Page> {
  await page.goto(url);
  await page.locator("#status", { hasText: "ready" }).waitFor();
  return page;
}
