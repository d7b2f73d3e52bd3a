/** The `amplifier` manifest: zod validation with paths, the published JSON Schema, npm: specifiers. */
import { readFileSync } from "node:fs";
import { Validator } from "@cfworker/json-schema";
import { describe, expect, it } from "vitest";
import { KernelError } from "../../../src/errors.ts";
import { moduleManifestJsonSchema, parseModulePackageJson } from "../../../src/packages/manifest.ts";
import { parseNpmSpec } from "../../../src/packages/npm-spec.ts";

const SCHEMA_FILE = new URL("../../../schemas/amplifier-manifest.schema.json", import.meta.url);
const EXAMPLES = ["tool-word-count", "hooks-guard"].map((name) =>
  JSON.parse(readFileSync(new URL(`../../../examples/modules/${name}/package.json`, import.meta.url), "utf8")),
);

function problem(value: unknown): KernelError {
  try {
    parseModulePackageJson(value, "@acme/tool-x");
  } catch (error) {
    if (KernelError.is(error)) return error;
    throw error;
  }
  throw new Error("expected the package.json to be refused");
}

describe("the amplifier manifest", () => {
  it("accepts the example packages and fills in permission defaults", () => {
    const [wordCount, guard] = EXAMPLES.map((json) => parseModulePackageJson(json, json.name));
    expect(wordCount?.amplifier).toMatchObject({ kind: "tool", entry: "index.js", limits: { timeout_ms: 1000 } });
    expect(wordCount?.amplifier.permissions).toMatchObject({ names: ["word_count"], fetch: [], transcript: false });
    expect(guard?.amplifier.permissions.inject).toEqual(["system"]);
  });

  it("names every problem with its path", () => {
    const error = problem({
      name: "@acme/tool-x",
      version: "1.0.0",
      amplifier: { kind: "widget", entry: "../escape.js", permissions: { fetch: [""], transcrpit: true } },
    });
    expect(error.code).toBe("module_invalid");
    const paths = (error.issues ?? []).map((issue) => issue.path.join("."));
    expect(paths).toEqual(
      expect.arrayContaining([
        "amplifier.kind",
        "amplifier.entry",
        "amplifier.permissions.fetch.0",
        "amplifier.permissions",
      ]),
    );
    expect(error.message).toMatch(/^@acme\/tool-x: package\.json is not a module package: /);
  });

  it("refuses a package.json without a manifest, and text that is not JSON", () => {
    expect(problem({ name: "x", version: "1.0.0" }).issues?.[0]?.path).toEqual(["amplifier"]);
    expect(problem("{ nope").message).toMatch(/package\.json is not JSON/);
  });

  it("publishes a JSON Schema generated from the zod schema, current with it", () => {
    expect(JSON.parse(readFileSync(SCHEMA_FILE, "utf8"))).toEqual(moduleManifestJsonSchema());
    const validator = new Validator(moduleManifestJsonSchema(), "2020-12");
    for (const example of EXAMPLES) expect(validator.validate(example.amplifier).valid).toBe(true);
    expect(validator.validate({ kind: "tool", entry: "index.js", permissions: { network: true } }).valid).toBe(false);
  });
});

describe("npm: specifiers", () => {
  it("reads a scoped name with a range, and defaults to latest", () => {
    expect(parseNpmSpec("npm:@acme/tool-x@^1.2.0")).toEqual({ name: "@acme/tool-x", range: "^1.2.0" });
    expect(parseNpmSpec("npm:tool-x")).toEqual({ name: "tool-x", range: "latest" });
    expect(parseNpmSpec("npm:tool-x@next")).toEqual({ name: "tool-x", range: "next" });
  });

  it("refuses a bad name or range, saying which", () => {
    expect(() => parseNpmSpec("npm:@Acme/X@1")).toThrow(/"@Acme\/X" is not an npm package name/);
    expect(() => parseNpmSpec("npm:tool-x@>=>1")).toThrow(/neither a semver range nor a dist-tag/);
  });
});
