/** The kernel suite, written once and run in node, Chromium and workerd. */

import { registerProcessHookResultConformance } from "./conformance-coordinator.ts";
import { registerHookEmitConformance } from "./conformance-hooks.ts";
import { registerMiscConformance } from "./conformance-misc.ts";
import { registerSessionConformance } from "./conformance-session.ts";
import { registerIssueSuite } from "./issues.ts";
import { registerModelSuite } from "./models.ts";
import { registerPlanSuite } from "./plans.ts";
import { registerSeedModuleSuite } from "./seeds.ts";
import { registerTestingSuite } from "./testing.ts";
import { registerValidationSuite } from "./validation.ts";

/** Registers every kernel describe block. */
export function registerKernelSuite(): void {
  registerHookEmitConformance();
  registerProcessHookResultConformance();
  registerSessionConformance();
  registerMiscConformance();
  registerIssueSuite();
  registerPlanSuite();
  registerSeedModuleSuite();
  registerValidationSuite();
  registerModelSuite();
  registerTestingSuite();
}
