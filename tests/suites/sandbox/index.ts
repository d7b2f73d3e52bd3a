/**
 * The sandbox suite as Vitest tests: registered for one runtime and build, run in this thread or
 * delegated to a worker that runs the same scenarios (see scenarios.ts).
 */
import { describe, it } from "vitest";
import type { SandboxTestEnvironment } from "./environment.ts";
import { runScenario, SANDBOX_SCENARIO_GROUPS } from "./scenarios.ts";

/** Runs the scenario `group / name` somewhere and resolves when it passed. */
export type ScenarioRunner = (group: string, name: string) => Promise<void>;

/**
 * Registers every scenario as a test, run by `run`. Memory bombs are not registered for the
 * debug build: its leak sanitizer aborts the process when an allocation fails at the cap.
 */
export function registerScenarios(
  label: string,
  build: SandboxTestEnvironment["build"],
  run: ScenarioRunner,
  timeoutMs?: number,
): void {
  describe(label, () => {
    for (const [group, scenarios] of Object.entries(SANDBOX_SCENARIO_GROUPS)) {
      describe(group, () => {
        for (const scenario of scenarios) {
          if (scenario.releaseOnly && build === "debug") continue;
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
