/**
 * A TypeScript 5 consumer with common configs (lib ES2022 + DOM, strict, skipLibCheck false;
 * bundler and NodeNext resolution; Workers' runtime types for the Cloudflare entry) compiles every
 * entry and every TypeScript snippet of README.md and docs/, so the documentation cannot drift.
 * Snippets that import the OpenTelemetry SDK or the AI SDK compile where a user has installed them
 * (skipping the check of the SDK's own declarations: its OTLP exporter's need Node's types; the
 * package's declarations are checked strictly by the other configs).
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { extractSnippets } from "./snippets.ts";
import { fixture, REPOSITORY, run } from "./support.ts";

const TSC5 = join(REPOSITORY, "node_modules/typescript-5/bin/tsc");
const WRANGLER = join(REPOSITORY, "node_modules/wrangler/bin/wrangler.js");

let folder: string;
let tracedFolder: string;
/** The four type checks, started together once the fixtures are ready (each is a tsc process). */
const checks = new Map<string, Promise<string>>();

beforeAll(async () => {
  folder = fixture("types");
  tracedFolder = fixture("types", inject("tracedRoot"));
  fixture("worker");
  const documents = ["README.md", ...readdirSync(join(REPOSITORY, "docs")).map((name) => join("docs", name))];
  for (const [root, group] of [
    [folder, "dom"],
    [folder, "workers"],
    [tracedFolder, "traced"],
  ] as const) {
    mkdirSync(join(root, "snippets", group), { recursive: true });
    // Snippets import the reader's own module as "./my-tool.js".
    copyFileSync(join(root, "my-tool.ts"), join(root, "snippets", group, "my-tool.ts"));
  }
  mkdirSync(join(folder, "workers"), { recursive: true });
  for (const document of documents) {
    for (const snippet of extractSnippets(readFileSync(join(REPOSITORY, document), "utf8"), document)) {
      const [root, group] = snippet.sdk ? [tracedFolder, "traced"] : [folder, snippet.runtime];
      writeFileSync(join(root, "snippets", group, snippet.fileName), snippet.code);
    }
  }
  // Workers' runtime types, as `wrangler types` writes them for the Worker fixture's config.
  await run(
    process.execPath,
    [WRANGLER, "types", "--config", "../worker/wrangler.toml", "workers/worker-configuration.d.ts"],
    folder,
    { WRANGLER_SEND_METRICS: "false" },
  );
  for (const config of ["tsconfig.json", "tsconfig.nodenext.json", "tsconfig.workers.json"]) {
    checks.set(config, typeCheck(config, folder));
  }
  checks.set("tsconfig.traced.json", typeCheck("tsconfig.traced.json", tracedFolder));
});

async function typeCheck(config: string, cwd: string): Promise<string> {
  try {
    await run(process.execPath, [TSC5, "-p", config], cwd);
    return "";
  } catch (error) {
    return (error as Error).message;
  }
}

describe("a TypeScript 5 consumer", () => {
  it("finds snippets to check in README.md and docs/", () => {
    const count = (root: string, group: string) =>
      readdirSync(join(root, "snippets", group)).filter((name) => name !== "my-tool.ts");
    expect(count(folder, "dom").length).toBeGreaterThanOrEqual(5);
    expect(count(folder, "workers").length).toBeGreaterThanOrEqual(3);
    expect(count(tracedFolder, "traced").length).toBeGreaterThanOrEqual(3);
  });

  it("compiles every entry and the page and Node snippets (bundler resolution, lib ES2022 + DOM)", async () => {
    expect(await checks.get("tsconfig.json")).toBe("");
  });

  it("compiles every entry with NodeNext resolution", async () => {
    expect(await checks.get("tsconfig.nodenext.json")).toBe("");
  });

  it("compiles the Cloudflare snippets with Workers' runtime types", async () => {
    expect(await checks.get("tsconfig.workers.json")).toBe("");
  });

  it("compiles the snippets that use the OpenTelemetry SDK or the AI SDK where they are installed beside the package", async () => {
    expect(await checks.get("tsconfig.traced.json")).toBe("");
  });
});
