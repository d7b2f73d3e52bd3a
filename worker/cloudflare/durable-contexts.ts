/**
 * The contexts of a session in a Durable Object. Both built-in context ids keep the history in
 * the object's store, append-only: `context-persistent` as it is, and `context-simple` with its own
 * config and defaults but over the store instead of memory, so a plan written for the browser or
 * the CLI keeps its history across evictions here too.
 */
import type { ModuleDefinition } from "../../src/contracts.ts";
import { createContextPersistent, PersistentContext } from "../../src/modules/context-persistent/index.ts";
import { simpleContextConfigSchema } from "../../src/modules/context-simple/index.ts";
import { parseModuleConfig } from "../../src/modules/shared/config.ts";
import type { MessageStore } from "../../src/storage/index.ts";

/** `context-persistent` and `context-simple` bound to `store`. */
export function durableContexts(store: MessageStore): ModuleDefinition[] {
  const simple: ModuleDefinition = {
    id: "context-simple",
    type: "context",
    description: "context-simple's compaction over the session's Durable Object store.",
    version: "1.0.0",
    async mount(coordinator, config) {
      const parsed = parseModuleConfig("context-simple", simpleContextConfigSchema, config);
      const context = new PersistentContext(parsed, coordinator.hooks, {
        store,
        sessionId: coordinator.session_id,
        allowReplace: false,
      });
      await coordinator.mount("context", context);
    },
  };
  return [createContextPersistent({ store }), simple];
}
