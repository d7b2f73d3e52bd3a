/**
 * The boundary suite: the same behaviour for every placement a runtime offers. Thin per-runtime
 * files call {@link registerBoundarySuite} with their environment.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { SandboxPlacement } from "../../../sandbox/protocol.ts";
import { KernelError } from "../../../src/index.ts";
import { type BoundaryEnvironment, BoundaryHarness, type Run, SharedBoundary, toolModule } from "./environment.ts";
import { fetchScenarios } from "./scenarios-fetch.ts";
import { floodScenarios } from "./scenarios-flood.ts";
import { grantScenarios } from "./scenarios-grants.ts";
import { lifecycleScenarios } from "./scenarios-lifecycle.ts";
import { secretScenarios } from "./scenarios-secrets.ts";
import { transportScenarios } from "./scenarios-transport.ts";

/** Registers the suite once per placement; `load` gives the runtime's environment (once per file). */
export function registerBoundarySuite(
  label: string,
  placements: readonly SandboxPlacement[],
  load: () => Promise<BoundaryEnvironment>,
  timeoutMs = 60_000,
): void {
  let environment: Promise<BoundaryEnvironment> | undefined;
  const loaded = () => {
    environment ??= load();
    return environment;
  };
  let shared: Promise<SharedBoundary> | undefined;
  const boundary = async () => {
    shared ??= loaded().then((environment) => new SharedBoundary(environment));
    return shared;
  };
  afterAll(async () => {
    await (await shared)?.[Symbol.asyncDispose]();
  });
  for (const placement of placements) {
    describe(
      `${label}, ${placement} placement`,
      () => {
        const run: Run = (body, capabilities) => async () => {
          await using harness = await BoundaryHarness.create(await loaded(), await boundary(), placement, capabilities);
          await body(harness);
        };
        describe("transport", () => transportScenarios(run));
        describe("fetch", () => fetchScenarios(run));
        describe("credentials", () => secretScenarios(run));
        describe("capabilities, transcript, storage", () => grantScenarios(run));
        describe("flooding", () => floodScenarios(run));
        describe("lifecycle", () => lifecycleScenarios(run, placement));
      },
      timeoutMs,
    );
  }
  if (!placements.includes("worker")) {
    it(`${label}: a module asking for worker placement is refused with a clear error`, async () => {
      await using harness = await BoundaryHarness.create(await loaded(), await boundary(), "worker");
      const error = await harness.mount(toolModule("return ToolResult.ok(1);")).catch((thrown: unknown) => thrown);
      expect(KernelError.is(error, "mount_failed")).toBe(true);
      expect((error as Error).message).toMatch(/sandbox\.placement "worker" is not available in this runtime/);
    });
  }
}
