/**
 * Every sandbox scenario, by group, and how one is run. No test framework here: the same
 * scenarios run under Vitest, inside a Web Worker (Chromium) and inside a worker thread (node,
 * debug build).
 */
import { SandboxHarness, type SandboxScenario, type SandboxTestEnvironment } from "./environment.ts";
import { abuseScenarios } from "./scenarios-abuse.ts";
import { boundaryScenarios } from "./scenarios-boundary.ts";
import { contractScenarios } from "./scenarios-contract.ts";
import { engineScenarios } from "./scenarios-engine.ts";
import { kindScenarios } from "./scenarios-kinds.ts";
import { seedScenarios } from "./scenarios-seeds.ts";
import { sessionScenarios } from "./scenarios-session.ts";
import { spareScenarios } from "./scenarios-spares.ts";

/** Every scenario, grouped for the report. */
export const SANDBOX_SCENARIO_GROUPS: Readonly<Record<string, readonly SandboxScenario[]>> = {
  engine: engineScenarios,
  "coordinator contract": contractScenarios,
  boundary: boundaryScenarios,
  abuse: abuseScenarios,
  "module kinds": kindScenarios,
  sessions: sessionScenarios,
  "seed modules": seedScenarios,
  "spare instances": spareScenarios,
};

/** Finds a scenario by group and name. */
export function findScenario(group: string, name: string): SandboxScenario {
  const scenario = SANDBOX_SCENARIO_GROUPS[group]?.find((candidate) => candidate.name === name);
  if (!scenario) throw new Error(`no sandbox scenario "${group} / ${name}"`);
  return scenario;
}

/** Runs one scenario on a fresh harness and checks that its sandboxes stopped cleanly. */
export async function runScenario(environment: SandboxTestEnvironment, group: string, name: string): Promise<void> {
  const harness = new SandboxHarness(environment);
  try {
    await findScenario(group, name).run(harness);
  } finally {
    await harness.dispose();
  }
  harness.assertClean();
}
