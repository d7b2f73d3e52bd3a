/**
 * The ported conformance suite: upstream's behavioural tests (amplifier-core's Python tests, Rust
 * unit tests and Node binding tests, and context-simple's tests), rewritten as our own and run in
 * node, Chromium and workerd. Each title names the upstream test it follows.
 */
import { registerUpstreamCancellationTests } from "./cancellation.ts";
import { registerUpstreamContextSimpleTests } from "./context-simple.ts";
import { registerUpstreamCoordinatorTests } from "./coordinator.ts";
import { registerUpstreamHookTests } from "./hooks.ts";
import { registerUpstreamLLMErrorTests } from "./llm-errors.ts";
import { registerUpstreamModelTests } from "./models.ts";
import { registerUpstreamProcessHookResultTests } from "./process-hook-result.ts";
import { registerUpstreamSessionTests } from "./session.ts";
import { registerUpstreamTestingTests } from "./testing.ts";
import { registerUpstreamValidationTests } from "./validation.ts";

/** Registers every ported upstream test. */
export function registerUpstreamConformance(): void {
  registerUpstreamHookTests();
  registerUpstreamProcessHookResultTests();
  registerUpstreamCoordinatorTests();
  registerUpstreamCancellationTests();
  registerUpstreamSessionTests();
  registerUpstreamValidationTests();
  registerUpstreamModelTests();
  registerUpstreamLLMErrorTests();
  registerUpstreamContextSimpleTests();
  registerUpstreamTestingTests();
}
