/**
 * `context-simple`: conversation memory in memory, with ephemeral compaction (see
 * `../context/compaction.ts`): requests get a view that fits the model's budget, while
 * `get_messages()` always returns the full history.
 */
import type { ModuleDefinition } from "../../contracts.ts";
import { CompactingContext } from "../context/compacting-context.ts";
import { simpleContextConfigSchema } from "../context/context-config.ts";
import { parseLenientModuleConfig } from "../shared/config.ts";

export { CompactingContext } from "../context/compacting-context.ts";
export { type CompactionConfig, resolveBudget, simpleContextConfigSchema } from "../context/context-config.ts";

/** The `context-simple` module. */
export const contextSimple: ModuleDefinition = {
  id: "context-simple",
  type: "context",
  description: "In-memory conversation with ephemeral compaction (the stored history is never rewritten).",
  version: "1.0.0",
  async mount(coordinator, config) {
    const parsed = parseLenientModuleConfig("context-simple", simpleContextConfigSchema, config, coordinator);
    await coordinator.mount("context", new CompactingContext(parsed, coordinator.hooks, "context-simple"));
  },
};
