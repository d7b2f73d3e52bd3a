/**
 * Shared e2e support: Debian Chromium through playwright-core (scripts/chromium.ts), the built demo served by `vite preview`,
 * and a plain static file server.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, resolve } from "node:path";
import { type PreviewServer, preview } from "vite";

export { launchChromium } from "../../../scripts/chromium.ts";

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

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
};

/**
 * Serves a folder as a plain static host would (no SPA fallback, no rewriting) under `prefix`, on
 * 127.0.0.1 with a free port; dispose stops it. `url` ends with the prefix.
 */
export async function serveStatic(folder: string, prefix = "/"): Promise<{ url: string } & AsyncDisposable> {
  const root = resolve(folder);
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://127.0.0.1").pathname);
    const inside = path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
    const file =
      inside === undefined
        ? undefined
        : resolve(root, inside === "" || inside.endsWith("/") ? `${inside}index.html` : inside);
    if (file === undefined || !file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end("not found");
      return;
    }
    response.writeHead(200, { "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream" });
    response.end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    async [Symbol.asyncDispose]() {
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
