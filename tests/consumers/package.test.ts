/** The tarball as `npm publish` would upload it, and what installing it brings. */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { REPOSITORY } from "./support.ts";

const manifest = JSON.parse(readFileSync(join(REPOSITORY, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe("the packed package", () => {
  it("holds the compiled entries, their declarations, the wasm, the CLI, the docs and the manifest schema, and nothing else", () => {
    const files = execFileSync("tar", ["-tzf", inject("tarball")], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map((path) => path.replace(/^package\//, ""));
    const outside = files.filter(
      (path) => !/^(dist\/(src|sandbox|worker)\/|bin\/|docs\/[^/]+\.md$|schemas\/[^/]+\.schema\.json$)/.test(path),
    );
    expect(outside.sort()).toEqual(["README.md", "SECURITY.md", "package.json"]);
    expect(files.filter((path) => path.endsWith(".ts") && !path.endsWith(".d.ts"))).toEqual([]);
    expect(files.filter((path) => path.endsWith(".wasm"))).toEqual(["dist/worker/quickjs.wasm"]);
    for (const entry of [
      "src/index",
      "src/testing/index",
      "sandbox/index",
      "worker/web/index",
      "worker/node/index",
      "worker/client/index",
    ]) {
      expect(files).toContain(`dist/${entry}.js`);
      expect(files).toContain(`dist/${entry}.d.ts`);
    }
    expect(files).toContain("dist/worker/cloudflare/index.js");
    expect(files).toContain("schemas/amplifier-manifest.schema.json");
  });

  it("exports the module manifest's JSON Schema for editors", () => {
    const require = createRequire(join(inject("consumerRoot"), "package.json"));
    const path = require.resolve("amplifier-edge/schemas/amplifier-manifest.schema.json");
    const schema = JSON.parse(readFileSync(path, "utf8")) as { $schema?: string; properties?: object };
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(schema.properties).toHaveProperty("permissions");
  });

  it("installs only its runtime dependencies: no devDependency, no TypeScript loader, no debug build", () => {
    const installed = join(inject("consumerRoot"), "node_modules");
    for (const name of Object.keys(manifest.dependencies)) expect(existsSync(join(installed, name)), name).toBe(true);
    for (const name of [...Object.keys(manifest.devDependencies), "openai", "@anthropic-ai/sdk", "esbuild"]) {
      expect(existsSync(join(installed, name)), name).toBe(false);
    }
  });

  it("ships the release wasm byte for byte", () => {
    const shipped = readFileSync(join(inject("consumerRoot"), "node_modules/amplifier-edge/dist/worker/quickjs.wasm"));
    const release = readFileSync(
      join(REPOSITORY, "node_modules/@jitl/quickjs-wasmfile-release-sync/dist/emscripten-module.wasm"),
    );
    expect(shipped.equals(release)).toBe(true);
  });
});
