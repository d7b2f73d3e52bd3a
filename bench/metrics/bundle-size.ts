/**
 * `bundle.web_page_kb_gz`, `bundle.web_worker_kb_gz`, `bundle.cloudflare_kb_gz`,
 * `bundle.client_page_kb_gz`: what each entry costs an application, minified and gzipped (level 9),
 * as the consumer fixtures of tests/consumers build it from the compiled package (`npm run bench`
 * runs `npm run build:package` first): the README's page with Vite (its page chunk; the host and
 * sandbox workers' chunks), the README's Worker with `wrangler deploy --dry-run --minify`, and a
 * page that drives the service through `amplifier-edge/client` (Vite; the whole page). The QuickJS
 * wasm (503 KB, 236 KB gzipped) is an asset of its own and counted in none of them.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "vite";
import type { Benchmark } from "../harness.ts";
import { metric } from "../harness.ts";

const REPOSITORY = resolve(".");
const FIXTURES = join(REPOSITORY, "tests", "consumers", "fixtures");

/** Kilobytes (1000 bytes) of `files`, each gzipped at level 9. */
function gzippedKb(files: readonly string[]): number {
  return files.reduce((total, file) => total + gzipSync(readFileSync(file), { level: 9 }).length, 0) / 1000;
}

/** A folder with the fixture `name`, the shared plan and `node_modules/amplifier-edge` linked to this repository. */
function consumerFolder(root: string, name: string): string {
  cpSync(join(FIXTURES, "shared-plan.json"), join(root, "shared-plan.json"));
  cpSync(join(FIXTURES, name), join(root, name), { recursive: true });
  if (!existsSync(join(root, "node_modules"))) {
    mkdirSync(join(root, "node_modules"));
    symlinkSync(REPOSITORY, join(root, "node_modules", "amplifier-edge"), "dir");
  }
  return join(root, name);
}

async function webSizes(root: string): Promise<{ page: number; worker: number }> {
  const folder = consumerFolder(root, "vite");
  await build({ root: folder, configFile: join(folder, "vite.config.mjs"), logLevel: "warn" });
  const assets = join(folder, "dist", "assets");
  const scripts = readdirSync(assets)
    .filter((name) => name.endsWith(".js"))
    .map((name) => join(assets, name));
  // The page loads index-*.js; every other script is loaded by the host worker or a sandbox worker.
  const page = scripts.filter((file) => /[/\\]index-[^/\\]+\.js$/.test(file));
  return { page: gzippedKb(page), worker: gzippedKb(scripts.filter((file) => !page.includes(file))) };
}

/** The client fixture's page (amplifier-edge/client and the app's two turns), built by Vite: all its scripts. */
async function clientPageSize(root: string): Promise<number> {
  const folder = consumerFolder(root, "client");
  await build({ root: folder, configFile: join(folder, "vite.config.mjs"), logLevel: "warn" });
  const assets = join(folder, "dist", "assets");
  return gzippedKb(
    readdirSync(assets)
      .filter((name) => name.endsWith(".js"))
      .map((name) => join(assets, name)),
  );
}

function cloudflareSize(root: string): number {
  const folder = consumerFolder(root, "worker");
  const out = join(root, "cloudflare-out");
  execFileSync(
    process.execPath,
    [join(REPOSITORY, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--minify", "--outdir", out],
    { cwd: folder, stdio: "ignore", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
  );
  const scripts = readdirSync(out).filter((name) => name.endsWith(".js"));
  return gzippedKb(scripts.map((name) => join(out, name)));
}

export const bundleSize: Benchmark = {
  name: "bundle.size",
  async run() {
    // Built by `npm run bench` beforehand, never here: other processes (the test projects) may be reading dist/.
    if (!existsSync(join(REPOSITORY, "dist", "worker", "web", "index.js"))) {
      throw new Error("dist/ is missing: run `npm run build:package` first (`npm run bench` does)");
    }
    const root = mkdtempSync(join(tmpdir(), "amplifier-edge-bundle-"));
    try {
      const web = await webSizes(root);
      const client = await clientPageSize(root);
      const cloudflare = cloudflareSize(root);
      return {
        "bundle.web_page_kb_gz": metric(
          web.page,
          "kB",
          1,
          "the README's page (connectWorker, startHostWorker, one session) built by Vite: the page's own chunk",
        ),
        "bundle.web_worker_kb_gz": metric(
          web.worker,
          "kB",
          1,
          "the same build's worker chunks: the host worker (kernel, built-in modules, sandbox) and the sandbox worker",
        ),
        "bundle.client_page_kb_gz": metric(
          client,
          "kB",
          1,
          "a page driving the Cloudflare service through amplifier-edge/client (a turn with an approval, a cancel) built by Vite",
          // The client must stay free of the kernel (zod alone would add about 15 kB).
          { op: "<=", value: 8 },
        ),
        "bundle.cloudflare_kb_gz": metric(
          cloudflare,
          "kB",
          1,
          "the README's Worker (amplifier-edge/cloudflare) by wrangler deploy --dry-run --minify, without the wasm module",
        ),
      };
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};
