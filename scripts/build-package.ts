/**
 * Builds the package as users install it: compiled ESM, declarations and source maps in dist/,
 * one file per source file (tsc, TypeScript 7), so every `new URL("./file", import.meta.url)`
 * that finds a worker entry or the wasm stays true without a bundler. Then the few rewrites tsc
 * does not make (each must match, or the build fails):
 * - relative `.ts` specifiers in declarations and in `new URL(...)` literals become `.js`;
 * - the QuickJS release wasm is copied to dist/worker/quickjs.wasm, and the web and Cloudflare
 *   loaders point at the copy: a `new URL` any bundler follows (the sources use Vite's `?url`)
 *   and a relative `.wasm` import that wrangler's default CompiledWasm rule covers (the sources
 *   import the package subpath, which needs a rule of its own).
 *
 *   npm run build:package
 */
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist");
const require = createRequire(import.meta.url);
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");

function run(command: string, args: readonly string[]): void {
  execFileSync(command, args, { cwd: root, stdio: "inherit" });
}

function files(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** Replaces `search` in a dist file, failing when it is not there exactly once. */
function replaceOnce(file: string, search: string, replacement: string): void {
  const path = join(dist, file);
  const text = readFileSync(path, "utf8");
  const count = text.split(search).length - 1;
  if (count !== 1) throw new Error(`${file}: expected "${search}" once, found it ${count} times`);
  writeFileSync(path, text.replace(search, replacement));
}

const RELATIVE_TS_SPECIFIER = /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']+)\.ts(["'])/g;
const RELATIVE_TS_URL = /(new URL\(\s*["'])(\.{1,2}\/[^"']+)\.ts(["']\s*,\s*import\.meta\.url\s*\))/g;

for (const folder of ["src", "sandbox", "worker", ".cloudflare"])
  rmSync(join(dist, folder), { recursive: true, force: true });
if (!existsSync(join(root, "worker-configuration.d.ts"))) {
  run(process.execPath, [
    join(root, "node_modules", "wrangler", "bin", "wrangler.js"),
    "types",
    "--config",
    "worker/cloudflare/wrangler.toml",
    "worker-configuration.d.ts",
  ]);
}
run(process.execPath, [tsc, "-p", "tsconfig.build.json"]);
// Workers' runtime types clash with the DOM's, so worker/cloudflare compiles on its own. Its own
// folder is taken, and the kernel files only it reaches; those both programs emitted are the first's.
run(process.execPath, [tsc, "-p", "tsconfig.build-cloudflare.json"]);
const cloudflareOut = join(dist, ".cloudflare");
for (const file of files(cloudflareOut)) {
  const path = relative(cloudflareOut, file);
  const target = join(dist, path);
  if (existsSync(target) && !path.startsWith(join("worker", "cloudflare"))) continue;
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(file, target);
}
rmSync(join(dist, ".cloudflare"), { recursive: true, force: true });

for (const file of ["src", "sandbox", "worker"].flatMap((folder) => files(join(dist, folder)))) {
  if (!file.endsWith(".js") && !file.endsWith(".d.ts")) continue;
  const text = readFileSync(file, "utf8");
  const rewritten = file.endsWith(".d.ts")
    ? text.replace(RELATIVE_TS_SPECIFIER, "$1$2.js$3")
    : text.replace(RELATIVE_TS_URL, "$1$2.js$3");
  if (rewritten !== text) writeFileSync(file, rewritten);
}

copyFileSync(require.resolve("@jitl/quickjs-wasmfile-release-sync/wasm"), join(dist, "worker", "quickjs.wasm"));
replaceOnce(
  "worker/web/quickjs-wasm.js",
  'import wasmUrl from "@jitl/quickjs-wasmfile-release-sync/wasm?url";',
  'const wasmUrl = new URL("../quickjs.wasm", import.meta.url);',
);
replaceOnce(
  "worker/cloudflare/quickjs-wasm.js",
  'import wasmModule from "@jitl/quickjs-wasmfile-release-sync/wasm";',
  'import wasmModule from "../quickjs.wasm";',
);

const count = ["src", "sandbox", "worker"].reduce((total, folder) => total + files(join(dist, folder)).length, 0);
// On stderr: `npm pack --json` (which runs this as prepack) keeps stdout for its JSON.
console.error(`[build] dist/: ${count} files`);
