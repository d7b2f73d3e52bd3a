/**
 * Shared e2e support: Debian Chromium through playwright-core, and the built demo served by `vite preview`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { type PreviewServer, preview } from "vite";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A persistent Chromium context on a fresh profile; dispose closes it and removes the profile. */
export async function launchChromium(): Promise<BrowserContext & AsyncDisposable> {
  const profile = mkdtempSync(join(tmpdir(), "amplifier-edge-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
  });
  return Object.assign(context, {
    async [Symbol.asyncDispose]() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  });
}

/** Serves the built demo (`npm run build`) on 127.0.0.1 with a free port; dispose stops it. */
export async function serveBuiltDemo(): Promise<{ url: string } & AsyncDisposable> {
  const server: PreviewServer = await preview({
    configFile: join(process.cwd(), "vite.config.ts"),
    preview: { host: "127.0.0.1", port: 0, strictPort: false },
    logLevel: "silent",
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error("vite preview did not report a local URL");
  return {
    url,
    async [Symbol.asyncDispose]() {
      await server.close();
    },
  };
}
