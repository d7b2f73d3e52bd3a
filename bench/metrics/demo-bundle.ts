/**
 * `demo.page_js_kib` and `demo.page_js_gzip_kib`: the JavaScript the playground's page loads before
 * it can draw (its entry script and the chunks it preloads; the host worker's code and the QuickJS
 * wasm load in the worker and are not counted), from a fresh production build. The code editor
 * (CodeMirror 6 with the JavaScript grammar) is most of it, so its cost stays in sight.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "vite";
import type { Benchmark } from "../harness.ts";
import { fixed, metric } from "../harness.ts";

/** Gzipped page JavaScript allowed, in KiB: the size with the editor, plus room to grow by a tenth. */
const GZIP_TARGET_KIB = 230;

/** The scripts an index.html loads as the page starts: its module entry and modulepreloads. */
export function pageScripts(html: string): string[] {
  const scripts = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((match) => match[1] ?? "");
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map(
    (match) => match[1] ?? "",
  );
  return [...new Set([...scripts, ...preloads])].filter((path) => path !== "");
}

export const demoBundle: Benchmark = {
  name: "demo.bundle",
  async run() {
    const outDir = mkdtempSync(join(tmpdir(), "amplifier-edge-demo-bundle-"));
    try {
      await build({
        configFile: join(process.cwd(), "vite.config.ts"),
        logLevel: "silent",
        build: { outDir, emptyOutDir: true },
      });
      const scripts = pageScripts(readFileSync(join(outDir, "index.html"), "utf8"));
      if (scripts.length === 0) throw new Error("the built index.html loads no module script");
      const bytes = scripts.map((path) => readFileSync(join(outDir, path)));
      const raw = bytes.reduce((sum, file) => sum + file.length, 0) / 1024;
      const gzip = bytes.reduce((sum, file) => sum + gzipSync(file).length, 0) / 1024;
      const files = `${scripts.length} file${scripts.length === 1 ? "" : "s"}`;
      return {
        "demo.page_js_kib": metric(raw, "KiB", 1, `minified page JavaScript (${files}), one build`),
        "demo.page_js_gzip_kib": metric(gzip, "KiB", 1, `the same, gzipped (${fixed(raw)} KiB raw)`, {
          op: "<=",
          value: GZIP_TARGET_KIB,
        }),
      };
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  },
};
