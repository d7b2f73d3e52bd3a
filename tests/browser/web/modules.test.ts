/**
 * The web client in Chromium: a module the page pasted is validated and inspected in a throwaway
 * sandbox in the worker; what it may do comes from the plan entry (`describePermissions`).
 */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import hooksGuardSource from "../../../examples/modules/hooks-guard/index.js?raw";
import { describePermissions, KernelError, type ValidationReport, type WebClient } from "../../../worker/web/index.ts";
import { connectTestClient, expectKernelError, WORD_COUNT_SOURCE } from "./support.ts";

let client: WebClient;
beforeAll(async () => {
  client = await connectTestClient();
});
afterAll(async () => {
  await client.dispose();
});

const checkOf = (report: ValidationReport, name: string) => report.checks.find((check) => check.name === name);

describe("web client: validateModule", () => {
  it("passes a good tool given as a file map", async () => {
    const report = await client.validateModule(WORD_COUNT_SOURCE, { type: "tool" });
    expect(report.passed).toBe(true);
    expect(checkOf(report, "protocol_compliance")?.passed).toBe(true);
    expect(report.checks.every((check) => check.passed || check.severity !== "error")).toBe(true);
  });

  it("fails a module that does not parse, has no mount, or is not what it claims", async () => {
    const broken = await client.validateModule("export async function mount( {", { type: "tool" });
    expect(broken.passed).toBe(false);
    expect(checkOf(broken, "module_importable")).toMatchObject({ passed: false });
    expect(checkOf(broken, "module_importable")?.message).toContain("SyntaxError");

    const mountless = await client.validateModule("export const name = 'nothing';", { type: "tool" });
    expect(mountless.passed).toBe(false);
    expect(mountless.checks.find((check) => !check.passed)?.message).toContain("mount");

    const wrongKind = await client.validateModule(WORD_COUNT_SOURCE, { type: "provider" });
    expect(wrongKind.passed).toBe(false);
    expect(wrongKind.checks.some((check) => !check.passed && check.severity === "error")).toBe(true);
  });

  it("names the module by the id the page gives, with the place of a syntax error", async () => {
    const report = await client.validateModule("export async function mount() {\n  const x = ;\n}\n", {
      type: "tool",
      id: "tool-mine",
    });
    expect(checkOf(report, "module_importable")).toMatchObject({
      passed: false,
      message: expect.stringContaining("tool-mine: loading the module failed: SyntaxError"),
      location: { file: "/index.js", line: 2, column: 13 },
    });
    expect(report.checks).toHaveLength(1);
    await expectKernelError(client.validateModule("", { type: "tool", id: "not an id" }), "invalid_argument");
  });

  it("reports a module killed for an endless loop at mount as a failed check", async () => {
    const report = await client.validateModule("export async function mount() { for (;;) {} }", {
      type: "tool",
      sandbox: { timeout_ms: 100 },
    });
    expect(report.passed).toBe(false);
    expect(report.checks.map((check) => check.message).join(" ")).toMatch(/timeout|time/i);
  });

  it("refuses a malformed source or sandbox block with invalid_argument and the path", async () => {
    const error = await expectKernelError(
      client.validateModule({ files: { "a.js": "" }, entry: "b.js" }, { type: "tool" }),
      "invalid_argument",
    );
    expect(error.message).toContain("source.entry");
    const sandbox = await expectKernelError(
      client.validateModule("export async function mount() {}", {
        type: "tool",
        sandbox: { memory: 3 } as never,
      }),
      "invalid_argument",
    );
    expect(sandbox.message).toContain("sandbox");
    const secret = await expectKernelError(
      client.validateModule("export async function mount() {}", {
        type: "tool",
        sandbox: { permissions: { secrets: [{ host: "api.example.com", secret: "KEY" }] } } as never,
      }),
      "invalid_argument",
    );
    // The path keeps its number (the list index) across the worker boundary.
    expect(secret.issues).toEqual([
      expect.objectContaining({ path: ["sandbox", "permissions", "secrets", 0, "header"], code: "invalid_type" }),
    ]);
    expect(secret.message).toContain("sandbox.permissions.secrets[0].header");
    const type = await expectKernelError(
      client.validateModule("export async function mount() {}", { type: "gadget" as never }),
      "invalid_argument",
    );
    expect(type.message).toContain("type");
  });
});

describe("web client: inspectModule", () => {
  it("lists the tools a module mounts with their schemas", async () => {
    const inspection = await client.inspectModule(WORD_COUNT_SOURCE, { type: "tool" });
    expect(inspection.loaded).toBe(true);
    expect(inspection.tools).toEqual([
      expect.objectContaining({ name: "word_count", input_schema: expect.objectContaining({ required: ["text"] }) }),
    ]);
    expect(inspection.requested).toEqual([]);
    expect(inspection.granted).toEqual([]);
  });

  it("lists the hooks a module registers", async () => {
    const inspection = await client.inspectModule(hooksGuardSource, { type: "hook", config: { deny: ["web_fetch"] } });
    expect(inspection.hooks.map((hook) => `${hook.event} ${hook.name}`).sort()).toEqual([
      "guard:stats module-under-test/guard-stats",
      "prompt:submit module-under-test/guard-prompt",
      "tool:pre module-under-test/guard-tools",
    ]);
  });

  it("shows what a module tried to use without a grant, and what its entry grants", async () => {
    const source = `
      export async function mount(coordinator) {
        try { coordinator.get_capability("session.store"); } catch {}
        await coordinator.mount("tools", { name: "probe", description: "probe", execute: async () => ({ success: true }) }, { name: "probe" });
      }`;
    const sandbox = { permissions: { fetch: ["api.example.com"], transcript: true } };
    const inspection = await client.inspectModule(source, { type: "tool", sandbox });
    expect(inspection.loaded).toBe(true);
    expect(inspection.requested).toEqual([
      expect.objectContaining({ capability: "capabilities", target: "session.store" }),
    ]);
    expect(inspection.granted.map((grant) => grant.kind)).toEqual(["network", "transcript"]);
  });

  it("says why a module did not load", async () => {
    const inspection = await client.inspectModule("export async function mount() { throw new Error('no way'); }", {
      type: "tool",
    });
    expect(inspection.loaded).toBe(false);
    expect(inspection.error?.message).toContain("no way");
  });
});

describe("describePermissions", () => {
  it("lists every grant of a plan entry in a stable order, each with a label", () => {
    const grants = describePermissions({
      sandbox: {
        permissions: {
          fetch: ["api.weather.example"],
          secrets: [
            { host: "api.weather.example", header: "authorization", secret: "WEATHER_KEY", format: "Bearer {secret}" },
          ],
          capabilities: ["session.store"],
          transcript: true,
          storage: { quota_bytes: 1024 },
          hooks: ["tool:pre"],
          inject: ["system"],
          display: true,
          approval: true,
          names: ["weather"],
        },
      },
    });
    expect(grants.map((grant) => grant.kind)).toEqual([
      "network",
      "secret",
      "capability",
      "transcript",
      "storage",
      "hooks",
      "inject",
      "display",
      "approval",
      "names",
    ]);
    expect(grants.slice(5)).toMatchObject([{ event: "tool:pre" }, { role: "system" }, {}, {}, { name: "weather" }]);
    expect(grants[1]).toMatchObject({ secret: "WEATHER_KEY", header: "authorization", host: "api.weather.example" });
    expect(grants.every((grant) => grant.label.length > 0)).toBe(true);
  });

  it("grants nothing by default and names the path of a malformed block", () => {
    expect(describePermissions({})).toEqual([]);
    expect(describePermissions({ sandbox: { memory_mb: 32 } })).toEqual([]);
    let thrown: unknown;
    try {
      describePermissions({ sandbox: { permissions: { fetch: "everything" } } as never });
    } catch (error) {
      thrown = error;
    }
    expect(KernelError.is(thrown, "invalid_config")).toBe(true);
    expect((thrown as Error).message).toContain("sandbox.permissions.fetch");
    expect((thrown as KernelError).issues).toEqual([
      expect.objectContaining({ path: ["sandbox", "permissions", "fetch"], code: "invalid_type" }),
    ]);
  });
});
