/**
 * Global setup of the consumers project: packs the package as `npm publish` would (from the dist/
 * that `npm run build:package` made; scripts/test.sh builds before Vitest) and installs the
 * tarball into fresh folders outside the repository, from the npm cache only (`--offline`): one
 * with the package alone (every fixture but tracing's), one with what a user adds beside it: the
 * OpenTelemetry SDK (its optional peers, installed the same way) and the AI SDK (`ai`, for
 * `useChat`, linked from this repository's install), at the versions this repository tests. Each fixture is copied under its
 * folder, so all resolve the one installed package.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";

const execFileAsync = promisify(execFile);

declare module "vitest" {
  export interface ProvidedContext {
    /** The folder with node_modules/amplifier-edge installed from the tarball. */
    consumerRoot: string;
    /** The same, with the OpenTelemetry SDK (the package's optional peers) and the AI SDK installed beside it. */
    tracedRoot: string;
    /** The tarball's path. */
    tarball: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const repository = resolve(".");
  if (!existsSync(join(repository, "dist", "src", "index.js"))) {
    throw new Error("dist/ is missing: run `npm run build:package` before the consumers project");
  }
  const root = mkdtempSync(join(tmpdir(), "amplifier-edge-consumers-"));
  // --ignore-scripts: dist/ is already built, and rebuilding it here would race other projects reading it.
  const { stdout } = await execFileAsync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", root], {
    cwd: repository,
    maxBuffer: 16 * 1024 * 1024,
  });
  const [packed] = JSON.parse(stdout) as [{ filename: string }];
  const tarball = join(root, packed.filename);
  const manifest = JSON.parse(readFileSync(join(repository, "package.json"), "utf8")) as {
    peerDependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  // What a user who traces adds: the SDK this repository tests with (its devDependencies' exact versions).
  const sdk = Object.keys(manifest.peerDependencies).map((name) => `${name}@${manifest.devDependencies[name]}`);
  const [plain, traced] = await Promise.all([
    installConsumer(join(root, "plain"), [tarball]),
    installConsumer(join(root, "traced"), [tarball, ...sdk]),
  ]);
  // What a user of `useChat` adds: the AI SDK, linked from this repository's own install (its pinned
  // devDependency): an offline `npm install ai@…` needs registry metadata that `npm ci` never caches.
  symlinkSync(join(repository, "node_modules", "ai"), join(traced, "node_modules", "ai"), "dir");
  project.provide("consumerRoot", plain);
  project.provide("tracedRoot", traced);
  project.provide("tarball", tarball);
  return () => rmSync(root, { recursive: true, force: true });
}

/** A consumer's folder at `folder` with `specs` installed from the npm cache only. */
async function installConsumer(folder: string, specs: readonly string[]): Promise<string> {
  mkdirSync(folder);
  writeFileSync(join(folder, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  await execFileAsync(
    "npm",
    ["install", "--offline", "--no-audit", "--no-fund", "--no-package-lock", "--ignore-scripts", ...specs],
    { cwd: folder },
  );
  return folder;
}
