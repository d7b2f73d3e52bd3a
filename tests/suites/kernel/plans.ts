// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are mount plans with ${ENV} placeholders.
/** Mount plans and bundles: parsing, env substitution, errors with paths, composition. */
import { describe, expect, it } from "vitest";
import { KernelError } from "../../../src/errors.ts";
import {
  compose,
  deepMerge,
  loadBundle,
  loadPlan,
  parseBundle,
  parsePlan,
  toMountPlan,
} from "../../../src/plan/index.ts";
import { invalidPlans } from "../../fixtures/plans/invalid-plans.ts";

const yamlPlan = `
session:
  orchestrator: loop-basic
  context:
    module: context-simple
    config:
      max_tokens: 1000
providers:
  - module: provider-anthropic
    config:
      api_key: \${ANTHROPIC_API_KEY}
      model: \${MODEL:-claude-sonnet}
tools:
  - module: tool-calculator
  - module: tool-third-party
    source: https://modules.example.com/tool.js
    sandbox:
      memory_mb: 32
      timeout_ms: 500
      placement: worker
      permissions:
        fetch: [api.example.com]
        secrets:
          - { host: api.example.com, header: authorization, secret: EXAMPLE_KEY, format: "Bearer {secret}" }
hooks:
  - module: hooks-logging
custom_section: { kept: true }
`;

export function registerPlanSuite(): void {
  describe("mount plans", () => {
    it(`rejects ${invalidPlans.length} invalid plans, each naming the path of the problem`, () => {
      expect(invalidPlans.length).toBeGreaterThanOrEqual(30);
      for (const testCase of invalidPlans) {
        let caught: unknown;
        try {
          parsePlan(testCase.plan, testCase.env ? { env: testCase.env } : {});
        } catch (error) {
          caught = error;
        }
        expect(KernelError.is(caught, "invalid_plan"), testCase.name).toBe(true);
        expect((caught as Error).message, testCase.name).toContain(testCase.expected);
      }
    });

    it("lists every problem of a plan in error.issues, paths as arrays with numbers kept", () => {
      const error = (() => {
        try {
          parsePlan({ session: { orchestrator: 1 }, tools: [{ module: "a", config: 2 }, { modul: "b" }] });
        } catch (caught) {
          return caught as KernelError;
        }
        return undefined;
      })();
      expect(error?.data).toBeUndefined();
      const paths = (error?.issues ?? []).map((issue) => issue.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          ["session", "orchestrator"],
          ["session", "context"],
          ["tools", 0, "config"],
          ["tools", 1],
          ["tools", 1, "module"],
        ]),
      );
      expect(error?.issues?.find((issue) => issue.path.join() === "tools,1")).toMatchObject({
        code: "unrecognized_keys",
        message: 'unknown key "modul"',
      });
      expect(error?.message).toContain("tools[0].config: expected an object");
    });

    it("names unsafe keys and missing env variables as issues with their own codes", () => {
      const unsafe = JSON.parse(
        '{"session":{"orchestrator":"a","context":"b"},"tools":[{"module":"t","config":{"__proto__":{}}}]}',
      );
      expect(() => parsePlan(unsafe)).toThrow(
        expect.objectContaining({
          issues: [expect.objectContaining({ path: ["tools", 0, "config", "__proto__"], code: "unsafe_key" })],
        }),
      );
      const missing = {
        session: { orchestrator: "a", context: "b" },
        providers: [{ module: "p", config: { key: "${KEY}" } }],
      };
      expect(() => parsePlan(missing)).toThrow(
        expect.objectContaining({
          issues: [expect.objectContaining({ path: ["providers", 0, "config", "key"], code: "missing_env" })],
        }),
      );
    });

    it("parses YAML with ${ENV} from an explicit map, fallbacks, and the sandbox block", () => {
      const plan = parsePlan(yamlPlan, { env: { ANTHROPIC_API_KEY: "sk-test" } });
      expect(plan.providers[0]?.config).toEqual({ api_key: "sk-test", model: "claude-sonnet" });
      expect(plan.session.context).toEqual({ module: "context-simple", config: { max_tokens: 1000 } });
      expect(plan.tools[1]?.sandbox).toEqual({
        memory_mb: 32,
        timeout_ms: 500,
        placement: "worker",
        // Nothing is granted that the plan does not name.
        permissions: {
          fetch: ["api.example.com"],
          secrets: [
            { host: "api.example.com", header: "authorization", secret: "EXAMPLE_KEY", format: "Bearer {secret}" },
          ],
          capabilities: [],
          transcript: false,
          inject: [],
          display: false,
          approval: false,
          names: [],
        },
      });
      expect(plan.hooks).toEqual([{ module: "hooks-logging" }]);
      expect((plan as Record<string, unknown>).custom_section).toEqual({ kept: true });
    });

    it("env substitution never reads an ambient environment; missing values can be empty or kept", () => {
      const text =
        "session: { orchestrator: a, context: b }\ntools: [{ module: t, config: { v: '${HOME}', lit: '$${HOME}' } }]";
      expect(() => parsePlan(text)).toThrow(/HOME is not set/);
      expect(parsePlan(text, { missingEnv: "empty" }).tools[0]?.config).toEqual({ v: "", lit: "${HOME}" });
      expect(parsePlan(text, { missingEnv: "keep" }).tools[0]?.config).toEqual({ v: "${HOME}", lit: "${HOME}" });
    });

    it("leaves inline module code untouched: its template literals are not ${ENV} placeholders", () => {
      const code = "export const greet = (name) => `hello ${name}`;";
      const plan = parsePlan({
        session: { orchestrator: "loop-basic", context: "context-simple" },
        tools: [
          { module: "t1", source: { inline: code }, config: { home: "${HOME:-/home}" } },
          { module: "t2", source: { files: { "index.js": code }, entry: "index.js" } },
        ],
      });
      expect(plan.tools[0]?.source).toEqual({ inline: code });
      expect(plan.tools[0]?.config).toEqual({ home: "/home" });
      expect(plan.tools[1]?.source).toEqual({ files: { "index.js": code }, entry: "index.js" });
    });

    it("parses JSON and fills empty module lists", () => {
      const plan = parsePlan('{"session":{"orchestrator":"loop-basic","context":"context-simple"}}');
      expect(plan).toEqual({
        session: { orchestrator: "loop-basic", context: "context-simple" },
        providers: [],
        tools: [],
        hooks: [],
      });
    });

    it("loadPlan reads through the given reader and names the location when it fails", async () => {
      const plan = await loadPlan("plans/a.yaml", { read: async () => "session: { orchestrator: a, context: b }" });
      expect(plan.session.orchestrator).toBe("a");
      await expect(
        loadPlan("plans/missing.yaml", {
          read: async () => {
            throw new Error("ENOENT");
          },
        }),
      ).rejects.toThrow("Cannot read the mount plan at plans/missing.yaml: ENOENT");
    });
  });

  describe("bundles and compose()", () => {
    const base = parseBundle(`---
bundle: { name: base, version: 1.0.0 }
session:
  orchestrator: loop-basic
  context: context-simple
  metadata: { tags: [a, b] }
providers:
  - module: provider-anthropic
    config: { model: sonnet, temperature: 0.2 }
tools:
  - module: tool-filesystem
    config: { allowed_write_paths: [/work] }
context: { readme: ./README.md }
---
You are a careful assistant.
`);

    it("reads Markdown front matter and takes the body as the instruction", () => {
      expect(base.bundle).toEqual({ name: "base", version: "1.0.0" });
      expect(base.instruction).toBe("You are a careful assistant.");
    });

    it("deep-merges session, merges module lists by id, overrides agents, prefixes context, replaces the instruction", () => {
      const overlay = parseBundle(`
bundle: { name: local }
session:
  orchestrator: loop-streaming
  metadata: { tags: [b, c] }
providers:
  - module: provider-anthropic
    config: { model: opus }
  - module: provider-anthropic
    instance_id: anthropic-fast
    config: { model: haiku }
tools:
  - module: tool-filesystem
    config: { allowed_write_paths: [/tmp] }
  - module: tool-bash
agents: { explorer: { description: looks around } }
context: { notes: ./NOTES.md }
instruction: Be brief.
`);
      const composed = compose(base, overlay);
      expect(composed.session).toEqual({
        orchestrator: "loop-streaming",
        context: "context-simple",
        metadata: { tags: ["a", "b", "c"] },
      });
      expect(composed.providers).toEqual([
        { module: "provider-anthropic", config: { model: "opus", temperature: 0.2 } },
        { module: "provider-anthropic", instance_id: "anthropic-fast", config: { model: "haiku" } },
      ]);
      expect(composed.tools).toEqual([
        { module: "tool-filesystem", config: { allowed_write_paths: ["/work", "/tmp"] } },
        { module: "tool-bash" },
      ]);
      expect(composed.context).toEqual({ "base:readme": "./README.md", "local:notes": "./NOTES.md" });
      expect(composed.instruction).toBe("Be brief.");
      const plan = toMountPlan(composed);
      expect(plan.session.orchestrator).toBe("loop-streaming");
      expect(plan.agents).toEqual({ explorer: { description: "looks around" } });
    });

    it("deepMerge never writes through __proto__", () => {
      const merged = deepMerge({ a: 1 }, JSON.parse('{"__proto__": {"polluted": true}, "b": 2}')) as Record<
        string,
        unknown
      >;
      expect(merged).toEqual({ a: 1, b: 2 });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it("loads includes depth first through the given reader and rejects cycles", async () => {
      const files: Record<string, string> = {
        "logging.yaml": "bundle: { name: logging }\nhooks: [{ module: hooks-logging }]",
        "root.md":
          "---\nbundle: { name: root }\nincludes: [{ bundle: base.yaml }, logging.yaml]\ntools: [{ module: tool-web }]\n---\nHello",
        "base.yaml":
          "bundle: { name: base }\nsession: { orchestrator: loop-basic, context: context-simple }\ntools: [{ module: tool-calculator }]",
        "loop-a.yaml": "bundle: { name: a }\nincludes: [loop-b.yaml]",
        "loop-b.yaml": "bundle: { name: b }\nincludes: [loop-a.yaml]",
      };
      const read = async (reference: string) => files[reference] ?? Promise.reject(new Error(`no ${reference}`));
      const root = await loadBundle(files["root.md"]!, { readInclude: read });
      expect(toMountPlan(root)).toMatchObject({
        session: { orchestrator: "loop-basic" },
        tools: [{ module: "tool-calculator" }, { module: "tool-web" }],
        hooks: [{ module: "hooks-logging" }],
      });
      expect(root.instruction).toBe("Hello");
      await expect(loadBundle(files["loop-a.yaml"]!, { readInclude: read })).rejects.toThrow(/include cycle/);
      await expect(loadBundle("bundle: { name: x }\nincludes: [gone.yaml]", { readInclude: read })).rejects.toThrow(
        "Cannot read included bundle gone.yaml: no gone.yaml",
      );
    });

    it("rejects an invalid bundle with the path", () => {
      expect(() => parseBundle("bundle: { name: x }\ntools: [{ module: a, config: 1 }]")).toThrow(
        "tools[0].config: expected an object",
      );
      expect(() => parseBundle("tools: []")).toThrow("bundle: required");
    });
  });
}
