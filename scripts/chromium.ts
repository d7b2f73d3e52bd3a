/**
 * Debian Chromium for every browser run of the project (Vitest's browser project, the e2e tests,
 * the browser benchmarks): where it is, the flags it needs on this closed network, and a launcher.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

/** Chromium from Debian's package, or `CHROMIUM_PATH` (never a downloaded browser build). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Flags for a root user on a machine with no network but the package registries: no sandbox (root),
 * no GPU, and none of Chromium's background connections, which this network refuses.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * A headless Chromium context on a fresh profile; dispose closes it and removes the profile.
 * `extraArgs` are added to {@link CHROMIUM_ARGS} (a test's host mapping, for example).
 */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<BrowserContext & AsyncDisposable> {
  const profile = mkdtempSync(join(tmpdir(), "amplifier-edge-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ["--headless", ...CHROMIUM_ARGS, ...extraArgs],
  });
  return Object.assign(context, {
    async [Symbol.asyncDispose]() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  });
}
