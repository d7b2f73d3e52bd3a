/**
 * Debian Chromium through playwright-core, for the browser benchmarks: the launch arguments of the
 * e2e suite, a throwaway profile, and a Vite dev server on 127.0.0.1 for a bench page.
 */
import { resolve } from "node:path";
import { createServer } from "vite";
import { launchChromium } from "../../scripts/chromium.ts";

/** A Chromium context on a fresh profile, launched as the e2e tests launch it. */
export const launchBenchChromium = launchChromium;

/** Serves the bench page in `directory` with Vite's dev server on 127.0.0.1 at a free port. */
export async function serveBenchPage(directory: string): Promise<{ url: string } & AsyncDisposable> {
  const server = await createServer({
    root: resolve(directory),
    configFile: false,
    logLevel: "silent",
    // Cross-origin isolation gives the page 5 us timers instead of Chromium's coarsened 100 us.
    server: {
      host: "127.0.0.1",
      port: 0,
      strictPort: false,
      hmr: false,
      headers: { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" },
    },
    optimizeDeps: { include: ["idb", "zod"] },
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error("the Vite dev server did not report a local URL");
  return {
    url,
    async [Symbol.asyncDispose]() {
      await server.close();
    },
  };
}
