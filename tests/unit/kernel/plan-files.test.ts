import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { KernelError } from "../../../src/errors.ts";
import { loadPlan } from "../../../src/plan/index.ts";
import { createSession } from "../../../src/session.ts";
import { seedModules } from "../../suites/kernel/seed-modules.ts";

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/plans/${name}`, import.meta.url));
const read = (path: string) => readFile(path, "utf8");

describe("plan files on disk", () => {
  it("loads a YAML plan with env from an explicit map and runs it", async () => {
    const plan = await loadPlan(fixture("seed-session.yaml"), { read, env: { MOCK_API_KEY: "k" } });
    expect(plan.providers[0]?.config?.api_key).toBe("k");
    await using session = createSession(plan, { modules: seedModules });
    expect(await session.execute("hi")).toBe("Hello from the seed provider.");
  });

  it("names the path in a YAML file's error", async () => {
    await expect(loadPlan(fixture("bad-tool-config.yaml"), { read })).rejects.toThrow(
      "Invalid mount plan: tools[2].config: expected an object",
    );
  });

  it("reads .json as JSON and rejects a misspelt sandbox key", async () => {
    const error = await loadPlan(fixture("bad-sandbox.json"), { read }).catch((caught: unknown) => caught);
    expect(KernelError.is(error, "invalid_plan")).toBe(true);
    expect((error as Error).message).toContain('hooks[0].sandbox: unknown key "permisions"');
  });

  it("reports a missing file with its location", async () => {
    await expect(loadPlan(fixture("missing.yaml"), { read })).rejects.toThrow(
      /Cannot read the mount plan at .*missing\.yaml: ENOENT/,
    );
  });
});
