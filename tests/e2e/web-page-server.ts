/**
 * Serves the web client e2e page (tests/e2e/fixtures/web-page) with Vite's dev server on
 * 127.0.0.1 at a free port, with the project's config (the `amplifier-edge/web` alias, workers as
 * ES modules, the QuickJS wasm as an asset).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { createServer } from "vite";

const ROOT = resolve("tests/e2e/fixtures/web-page");

/** Starts the dev server; dispose stops it. */
export async function serveWebPage(): Promise<{ url: string } & AsyncDisposable> {
  // Its own dependency cache, so it never races the demo's or Vitest's, and no discovery
  // mid-test: a late-found dependency would make Vite reload the page under the test.
  const cacheDir = mkdtempSync(join(tmpdir(), "amplifier-edge-web-page-"));
  const server = await createServer({
    configFile: resolve("vite.config.ts"),
    root: ROOT,
    cacheDir,
    optimizeDeps: { noDiscovery: true },
    logLevel: "silent",
    clearScreen: false,
    server: { host: "127.0.0.1", port: 0, strictPort: false, hmr: false, watch: null },
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error("vite did not report a local URL");
  return {
    url,
    async [Symbol.asyncDispose]() {
      await server.close();
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

/** Opens the page and waits until its client is connected to the worker. */
export async function openWebPage(page: Page, url: string): Promise<Page> {
  await page.goto(url);
  await page.locator("#status", { hasText: "ready" }).waitFor();
  return page;
}
