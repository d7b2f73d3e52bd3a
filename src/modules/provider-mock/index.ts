/**
 * `provider-mock`: a scripted, deterministic, offline provider. It is what the loops are tested
 * with, and the default provider of the playground and the CLI. The script format is documented
 * in `script.ts`; without a script it holds the default conversation of `default-responder.ts`.
 */
import type { ModuleDefinition } from "../../contracts.ts";
import { parseModuleConfig } from "../shared/config.ts";
import { MockProvider } from "./mock-provider.ts";
import { mockProviderConfigSchema } from "./script.ts";

export { findExpression } from "./default-responder.ts";
export { MockProvider } from "./mock-provider.ts";
export { type MockProviderConfig, mockProviderConfigSchema, type ScriptStep, scriptStepSchema } from "./script.ts";

/** The `provider-mock` module. */
export const providerMock: ModuleDefinition = {
  id: "provider-mock",
  type: "provider",
  description: "A scripted offline provider: text, tool calls, thinking, usage, streaming and errors on demand.",
  version: "1.0.0",
  async mount(coordinator, config) {
    const parsed = parseModuleConfig("provider-mock", mockProviderConfigSchema, config);
    const provider = new MockProvider(parsed, coordinator.hooks);
    await coordinator.mount("providers", provider, { name: parsed.name });
  },
};
