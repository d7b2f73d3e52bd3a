/** `amplifier-edge pack <dir>` and `validate <dir|tarball>`: manifest, sandboxed validator, integrity, grants. */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { computeIntegrity } from "../../../src/packages/integrity.ts";
import { runCli } from "../cli/run-cli.ts";

// Packing runs npm, and validating starts a sandbox worker: both take a moment on a busy machine.
vi.setConfig({ testTimeout: 180_000 });

const WORD_COUNT = new URL("../../../examples/modules/tool-word-count", import.meta.url).pathname;
const FORECAST = new URL("../../fixtures/packages/tool-forecast", import.meta.url).pathname;

async function cli(argv: string[]) {
  const { code, output } = await runCli(argv);
  return { code, output };
}

const temporary: string[] = [];
function tempDir(): string {
  const directory = mkdtempSync(join(tmpdir(), "amplifier-edge-pack-"));
  temporary.push(directory);
  return directory;
}
afterEach(() => {
  for (const directory of temporary.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe("amplifier-edge pack and validate for packages", () => {
  it("packs a module folder, validates it in a sandbox and prints the integrity of the tarball it wrote", async () => {
    const out = tempDir();
    const { code, output } = await cli(["pack", WORD_COUNT, "--out", out]);
    expect(code).toBe(0);
    expect(output).toMatch(/^@amplifier-edge-examples\/tool-word-count@1\.0\.0 \(tool\): passed/);
    expect(output).toMatch(/ok {3}protocol_compliance/);
    const [tarball] = readdirSync(out);
    const integrity = await computeIntegrity(new Uint8Array(readFileSync(join(out, tarball!))));
    expect(output).toContain(`integrity: ${integrity}`);
    expect(output).toContain(`integrity: ${integrity}\n\nPaste into a plan (tools):`);
    expect(output).toContain("package: npm:@amplifier-edge-examples/tool-word-count@1.0.0");
  });

  it("validates a tarball and sets the plan's grants beside the manifest's request", async () => {
    const out = tempDir();
    await cli(["pack", FORECAST, "--out", out]);
    const plan = join(out, "plan.yaml");
    writeFileSync(
      plan,
      [
        "session: { orchestrator: loop-basic, context: context-simple }",
        "tools:",
        "  - module: forecast",
        "    source: npm:@fixtures/tool-forecast@^1.2.0",
        "    sandbox:",
        "      permissions: { fetch: [radar.forecast.example, evil.example], names: [forecast] }",
        "",
      ].join("\n"),
    );
    const tarball = join(out, readdirSync(out).find((name) => name.endsWith(".tgz"))!);
    const { code, output } = await cli(["validate", tarball, "--plan", plan, "--json"]);
    expect(code).toBe(0);
    const result = JSON.parse(output.trim().split("\n").at(-1)!);
    expect(result.grants).toEqual({
      granted: [
        { permission: "fetch", value: "radar.forecast.example" },
        { permission: "names", value: "forecast" },
      ],
      refused: [{ permission: "fetch", value: "api.forecast.example" }],
      beyond: [{ permission: "fetch", value: "evil.example" }],
    });
    const text = await cli(["validate", tarball, "--plan", plan]);
    expect(text.output).toContain("  no   fetch api.forecast.example (asked, not granted: the module is refused)");
    expect(text.output).toContain("  warn fetch evil.example (granted, never asked for)");
    expect(text.output).toContain("  ok   plan_slot: the plan lists it as a tool, the kind its manifest declares");
  });

  it("fails a package the plan lists under another kind, naming the manifest's kind and the slot", async () => {
    const out = tempDir();
    await cli(["pack", FORECAST, "--out", out]);
    const plan = join(out, "plan.yaml");
    writeFileSync(
      plan,
      [
        "session: { orchestrator: loop-basic, context: context-simple }",
        "hooks:",
        "  - module: forecast",
        "    source: npm:@fixtures/tool-forecast@^1.2.0",
        "",
      ].join("\n"),
    );
    const tarball = join(out, readdirSync(out).find((name) => name.endsWith(".tgz"))!);
    const { code, output } = await cli(["validate", tarball, "--plan", plan]);
    expect(code).toBe(1);
    expect(output).toMatch(/^@fixtures\/tool-forecast@1\.2\.0 \(tool\): FAILED/);
    expect(output).toContain(
      '  FAIL plan_slot: Module "forecast": the package @fixtures/tool-forecast@1.2.0 is a tool (its amplifier manifest\'s kind), but the plan mounts it as a hook (under hooks); list it under tools.',
    );
  });

  it("refuses a folder whose manifest is wrong, naming the path, before npm runs", async () => {
    const folder = tempDir();
    cpSync(WORD_COUNT, folder, { recursive: true });
    const packageJson = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
    packageJson.amplifier.permissions = { fetch: "everywhere" };
    writeFileSync(join(folder, "package.json"), JSON.stringify(packageJson));
    const { code, output } = await cli(["validate", folder]);
    expect(code).toBe(1);
    expect(output).toMatch(/module_invalid: .*amplifier\.permissions\.fetch/);
  });

  it("names the file on disk, line and column, when a file the entry imports does not load", async () => {
    const folder = tempDir();
    cpSync(FORECAST, folder, { recursive: true });
    writeFileSync(join(folder, "src/url.js"), "export function forecastUrl(city) {\n  return city +;\n}\n");
    const { code, output } = await cli(["validate", folder]);
    expect(code).toBe(1);
    expect(output).toMatch(/FAIL module_importable: .*SyntaxError/);
    expect(output).toContain(`       at ${join(folder, "src/url.js")}:2:`);
    const tarball = await cli(["pack", folder, "--out", folder, "--json"]);
    expect(tarball.code).toBe(1);
    const [check] = JSON.parse(tarball.output.trim().split("\n").at(-1)!).checks;
    expect(check).toMatchObject({ name: "module_importable", location: { file: join(folder, "src/url.js"), line: 2 } });
  });
});
