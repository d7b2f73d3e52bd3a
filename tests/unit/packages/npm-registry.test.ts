/**
 * Module packages from a real npm registry (verdaccio on 127.0.0.1, no uplinks): published with
 * the npm CLI, installed by `npm:` spec with the plan's integrity through the session's
 * module-source-resolver, refused when the tarball changes, loaded from the cache folder with the
 * registry stopped; a host the manifest asks for and the plan does not grant is refused at run time.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Tool } from "../../../src/contracts.ts";
import { KernelError } from "../../../src/errors.ts";
import { builtinModules } from "../../../src/modules/index.ts";
import { compareGrants, describePermission, grantedPermissions } from "../../../src/packages/grants.ts";
import { loadModulePackage } from "../../../src/packages/module-package.ts";
import { createPackageResolver } from "../../../src/packages/package-resolver.ts";
import type { ModuleEntry } from "../../../src/plan/schema.ts";
import type { CoordinatorWarning } from "../../../src/process-hook-result.ts";
import { createSession } from "../../../src/session.ts";
import { createNodeSandboxes } from "../../../worker/node/node-sandbox.ts";
import { folderContentCache } from "../../../worker/node/package-cache.ts";
import { bytesOf, type LocalRegistry, startLocalRegistry, storedTarball } from "./local-registry.ts";

const FIXTURE = new URL("../../fixtures/packages/tool-forecast", import.meta.url).pathname;
const WORD_COUNT = new URL("../../../examples/modules/tool-word-count", import.meta.url).pathname;
const SPEC = "npm:@fixtures/tool-forecast@^1.2.0";

let registry: LocalRegistry;
let cacheDirectory: string;
let integrity: string;
let wordCountIntegrity: string;

// Hang guards only: publishing with npm and starting sandbox workers take long on a busy machine.
beforeAll(async () => {
  registry = await startLocalRegistry();
  cacheDirectory = await mkdtemp(join(tmpdir(), "amplifier-packages-"));
  await registry.publish(FIXTURE);
  await registry.publish(WORD_COUNT);
  const packument = async (name: string) =>
    (await (await fetch(`${registry.url}${name.replace("/", "%2f")}`)).json()) as {
      versions: Record<string, { dist: { integrity: string } }>;
    };
  integrity = (await packument("@fixtures/tool-forecast")).versions["1.2.0"]!.dist.integrity;
  wordCountIntegrity = (await packument("@amplifier-edge-examples/tool-word-count")).versions["1.0.0"]!.dist.integrity;
}, 300_000);

afterAll(async () => {
  await registry?.[Symbol.asyncDispose]();
  if (cacheDirectory) await rm(cacheDirectory, { recursive: true, force: true });
}, 120_000);

function plan(tool: ModuleEntry, slot: "tools" | "hooks" = "tools") {
  return {
    session: { orchestrator: "loop-basic", context: "context-simple" },
    providers: [{ module: "provider-mock" }],
    [slot]: [tool],
  };
}

async function withSession<T>(
  tool: ModuleEntry,
  registryUrl: string,
  use: (tools: Record<string, Tool>, warnings: readonly CoordinatorWarning[]) => Promise<T>,
): Promise<T> {
  await using sandboxes = await createNodeSandboxes({ capabilities: { fetch: async () => new Response("sunny") } });
  const resolver = createPackageResolver({ registry: registryUrl, cache: folderContentCache(cacheDirectory) });
  await using session = createSession(plan(tool), { modules: builtinModules, sandbox: sandboxes.loader, resolver });
  await session.initialize();
  const failed = session.status().failedModules;
  if (failed.length > 0) throw new Error(JSON.stringify(failed));
  return await use(session.coordinator.get("tools") as Record<string, Tool>, session.status().warnings);
}

describe("module packages from an npm registry", () => {
  it("installs the example word-count package by npm: spec with the plan's integrity, in a sandbox", async () => {
    const source = { package: "npm:@amplifier-edge-examples/tool-word-count@1", integrity: wordCountIntegrity };
    const result = await withSession({ module: "word-count", source }, registry.url, (tools) =>
      tools.word_count!.execute({ text: "one two\nthree" }),
    );
    expect(result).toMatchObject({ success: true, output: { words: 3, lines: 2, characters: 13 } });
  }, 180_000);

  it("refuses at run time a host the manifest asks for and the plan does not grant, and the report shows it", async () => {
    const entry = {
      module: "forecast",
      source: { package: SPEC, integrity },
      // Less than asked: the radar host only. (A module granted no host at all has no fetch to call.)
      sandbox: { permissions: { fetch: ["radar.forecast.example"], names: ["forecast"] } },
    };
    const { result, warnings } = await withSession(entry, registry.url, async (tools, warnings) => ({
      result: await tools.forecast!.execute({ city: "Oslo" }),
      warnings,
    }));
    // Said at mount, before the call is refused:
    expect(warnings.filter((warning) => warning.code.startsWith("permissions_"))).toEqual([
      expect.objectContaining({
        code: "permissions_not_granted",
        message: expect.stringContaining(
          "its manifest asks for fetch api.forecast.example, which the plan does not grant; the module will be denied it",
        ),
      }),
    ]);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error)).toMatch(/capability_denied/);
    expect(JSON.stringify(result.error)).toMatch(/api\.forecast\.example/);

    const loaded = await loadModulePackage(SPEC, integrity, { registry: registry.url });
    const report = compareGrants(loaded.packageJson.amplifier.permissions, grantedPermissions(entry.sandbox));
    expect(report.refused.map(describePermission)).toEqual(["fetch api.forecast.example"]);
    expect(report.granted.map(describePermission)).toEqual(["fetch radar.forecast.example", "names forecast"]);
    expect(report.beyond).toEqual([]);
  }, 180_000);

  it("lets the module fetch once the plan grants what the manifest asks", async () => {
    const entry = {
      module: "forecast",
      source: { package: SPEC, integrity },
      sandbox: { permissions: { fetch: ["api.forecast.example", "radar.forecast.example"], names: ["forecast"] } },
    };
    const result = await withSession(entry, registry.url, (tools) => tools.forecast!.execute({ city: "Oslo" }));
    expect(result).toMatchObject({ success: true, output: "sunny" });
  }, 180_000);

  it("reports a plan that grants more than the manifest asks", async () => {
    const loaded = await loadModulePackage(SPEC, integrity, { registry: registry.url });
    const granted = grantedPermissions({
      permissions: {
        fetch: ["api.forecast.example", "radar.forecast.example", "evil.example"],
        transcript: true,
        names: ["forecast"],
      },
    });
    const report = compareGrants(loaded.packageJson.amplifier.permissions, granted);
    expect(report.beyond.map(describePermission)).toEqual(["fetch evil.example", "transcript"]);
    expect(report.refused).toEqual([]);
  }, 180_000);

  it("warns at mount when the plan grants more than the manifest asks", async () => {
    const entry = {
      module: "forecast",
      source: { package: SPEC, integrity },
      sandbox: {
        permissions: { fetch: ["api.forecast.example", "radar.forecast.example", "evil.example"], names: ["forecast"] },
      },
    };
    const warnings = await withSession(entry, registry.url, async (_tools, warnings) => warnings);
    expect(warnings.filter((warning) => warning.code.startsWith("permissions_"))).toEqual([
      expect.objectContaining({
        code: "permissions_beyond_request",
        message:
          'Module "forecast" (@fixtures/tool-forecast@1.2.0): the plan grants fetch evil.example, which its manifest does not ask for.',
      }),
    ]);
  }, 180_000);

  it("refuses the tool package mounted as a hook, naming the manifest's kind and the plan's slot", async () => {
    await using sandboxes = await createNodeSandboxes();
    const resolver = createPackageResolver({ registry: registry.url, cache: folderContentCache(cacheDirectory) });
    const entry = { module: "forecast", source: { package: SPEC, integrity } };
    await using session = createSession(plan(entry, "hooks"), {
      modules: builtinModules,
      sandbox: sandboxes.loader,
      resolver,
    });
    await session.initialize();
    expect(session.status().failedModules).toEqual([
      expect.objectContaining({
        module_id: "forecast",
        kind: "hook",
        error: expect.stringContaining(
          "the package @fixtures/tool-forecast@1.2.0 is a tool (its amplifier manifest's kind), but the plan mounts it as a hook (under hooks); list it under tools.",
        ),
      }),
    ]);
  }, 180_000);

  it("refuses a tampered tarball, naming the module and both integrities", async () => {
    const published = await bytesOf(storedTarball(registry, "@fixtures/tool-forecast", "1.2.0"));
    const tampered = join(await mkdtemp(join(tmpdir(), "amplifier-tamper-")), "tool-forecast-1.2.0.tgz");
    try {
      // A registry that answers with other bytes for the same version: one bit of the gzip stream flipped.
      const changed = published.slice();
      changed[changed.length - 12]! ^= 0x01;
      await writeFile(tampered, changed);
      const swappingFetch: typeof fetch = async (input, init) =>
        String(input).endsWith(".tgz") ? new Response(new Blob([await readFile(tampered)])) : fetch(input, init);
      const error = await loadModulePackage(SPEC, integrity, { registry: registry.url, fetch: swappingFetch }).catch(
        (caught: unknown) => caught,
      );
      expect(KernelError.is(error, "integrity_mismatch")).toBe(true);
      const message = (error as KernelError).message;
      expect(message).toContain(SPEC);
      expect(message).toContain(integrity);
      expect((error as KernelError).data).toMatchObject({
        expected: integrity,
        actual: expect.stringMatching(/^sha512-/),
      });
      expect((error as KernelError).data?.actual).not.toBe(integrity);
    } finally {
      await rm(join(tampered, ".."), { recursive: true, force: true });
    }
  }, 180_000);

  it("loads a pinned package again from the cache folder with the registry stopped", async () => {
    // The earlier tests put the pinned tarball in the cache; now nothing answers at the registry.
    await registry.stop();
    const unreachable = await loadModulePackage(SPEC, undefined, { registry: registry.url }).catch(
      (caught: unknown) => caught,
    );
    expect(KernelError.is(unreachable, "module_not_found")).toBe(true);
    const entry = {
      module: "forecast",
      source: { package: SPEC, integrity },
      sandbox: { permissions: { fetch: ["api.forecast.example", "radar.forecast.example"], names: ["forecast"] } },
    };
    const result = await withSession(entry, registry.url, (tools) => tools.forecast!.execute({ city: "Oslo" }));
    expect(result).toMatchObject({ success: true, output: "sunny" });
  }, 180_000);
});
