/**
 * The sandbox suite as Vitest tests: registered for one runtime and build, run in this thread or
 * delegated to a worker that runs the same scenarios (see scenarios.ts).
 */
import { describe, it } from "vitest";
import { debugBuildScenarioGroups } from "./debug-subset.ts";
import type { SandboxTestEnvironment } from "./environment.ts";
import { runScenario, SANDBOX_SCENARIO_GROUPS } from "./scenarios.ts";

/** Runs the scenario `group / name` somewhere and resolves when it passed. */
export type ScenarioRunner = (group: string, name: string) => Promise<void>;

/**
 * Registers every scenario as a test, run by `run`; the debug build registers its subset only (see
 * debug-subset.ts: it is ten times slower, and memory bombs abort its leak sanitizer).
 */
export function registerScenarios(
  label: string,
  build: SandboxTestEnvironment["build"],
  run: ScenarioRunner,
  timeoutMs?: number,
): void {
  describe(label, () => {
    const groups = build === "debug" ? debugBuildScenarioGroups(SANDBOX_SCENARIO_GROUPS) : SANDBOX_SCENARIO_GROUPS;
    for (const [group, scenarios] of Object.entries(groups)) {
      describe(group, () => {
        for (const scenario of scenarios) {
          it(scenario.name, () => run(group, scenario.name), timeoutMs);
        }
      });
    }
  });
}

/** Registers the suite to run in this thread; `load` gives the environment (once per file). */
export function registerSandboxSuite(
  label: string,
  build: SandboxTestEnvironment["build"],
  load: () => Promise<SandboxTestEnvironment>,
): void {
  let environment: Promise<SandboxTestEnvironment> | undefined;
  registerScenarios(label, build, async (group, name) => {
    environment ??= load();
    await runScenario(await environment, group, name);
  });
}
