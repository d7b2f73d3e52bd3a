/** A package held to its plan entry: the manifest's kind against the slot, the request against the grant. */
import { createTarGzip } from "nanotar";
import { beforeAll, describe, expect, it } from "vitest";
import { KernelError } from "../../../src/errors.ts";
import { type ModulePackage, readModuleTarball } from "../../../src/packages/module-package.ts";
import { checkPackageKind, grantWarnings } from "../../../src/packages/plan-entry-checks.ts";

async function modulePackage(amplifier: Record<string, unknown>) {
  const packageJson = { name: "@acme/tool-forecast", version: "1.2.0", amplifier: { entry: "index.js", ...amplifier } };
  const tarball = await createTarGzip([
    { name: "package/package.json", data: JSON.stringify(packageJson) },
    { name: "package/index.js", data: "export async function mount() {}\n" },
  ]);
  return readModuleTarball(tarball, "tool-forecast-1.2.0.tgz");
}

const FORECAST = { kind: "tool", permissions: { fetch: ["api.forecast.example"], names: ["forecast"] } };
let forecast: ModulePackage;
beforeAll(async () => {
  forecast = await modulePackage(FORECAST);
});

describe("the manifest's kind against the plan's slot", () => {
  it("accepts a package in the slot its manifest declares", () => {
    expect(() => checkPackageKind("forecast", forecast, "tool")).not.toThrow();
  });

  it("refuses a tool package mounted as a hook, naming both and where it belongs", () => {
    let error: unknown;
    try {
      checkPackageKind("forecast", forecast, "hook");
    } catch (caught) {
      error = caught;
    }
    expect(KernelError.is(error, "module_invalid")).toBe(true);
    expect((error as KernelError).message).toBe(
      'Module "forecast": the package @acme/tool-forecast@1.2.0 is a tool (its amplifier manifest\'s kind), but the plan mounts it as a hook (under hooks); list it under tools.',
    );
    expect((error as KernelError).data).toMatchObject({ manifest_kind: "tool", kind: "hook", module_id: "forecast" });
  });

  it("names session.context for a context package mounted as the orchestrator", async () => {
    const context = await modulePackage({ kind: "context" });
    expect(() => checkPackageKind("memory", context, "orchestrator")).toThrow(
      /is a context .* as an orchestrator \(under session\.orchestrator\); list it under session\.context\./,
    );
  });
});

describe("the manifest's request against the plan's grant", () => {
  it("says nothing when the plan grants exactly what the manifest asks", () => {
    expect(grantWarnings("forecast", forecast, { permissions: FORECAST.permissions })).toEqual([]);
  });

  it("warns of a grant wider than the request, naming what is beyond it", () => {
    const warnings = grantWarnings("forecast", forecast, {
      permissions: { fetch: ["api.forecast.example", "evil.example"], names: ["forecast"], transcript: true },
    });
    expect(warnings).toEqual([
      {
        code: "permissions_beyond_request",
        message:
          'Module "forecast" (@acme/tool-forecast@1.2.0): the plan grants fetch evil.example, transcript, which its manifest does not ask for.',
        data: {
          module: "forecast",
          package: "@acme/tool-forecast",
          beyond: [
            { permission: "fetch", value: "evil.example" },
            { permission: "transcript", value: "yes" },
          ],
        },
      },
    ]);
  });

  it("reports a request the plan does not grant as the capability the module will be denied", () => {
    const warnings = grantWarnings("forecast", forecast, { permissions: { names: ["forecast"] } });
    expect(warnings.map((warning) => warning.code)).toEqual(["permissions_not_granted"]);
    expect(warnings[0]!.message).toBe(
      'Module "forecast" (@acme/tool-forecast@1.2.0): its manifest asks for fetch api.forecast.example, which the plan does not grant; the module will be denied it (capability_denied).',
    );
    expect(warnings[0]!.data?.denied).toEqual([{ permission: "fetch", value: "api.forecast.example" }]);
  });

  it("reports both at once, and an entry with no sandbox block as granting nothing", () => {
    const both = grantWarnings("forecast", forecast, {
      permissions: { fetch: ["radar.forecast.example"], names: ["forecast"] },
    });
    expect(both.map((warning) => warning.code)).toEqual(["permissions_beyond_request", "permissions_not_granted"]);
    const none = grantWarnings("forecast", forecast, undefined);
    expect(none.map((warning) => warning.message)).toEqual([
      expect.stringContaining("asks for fetch api.forecast.example, names forecast, which the plan does not grant"),
    ]);
  });
});
