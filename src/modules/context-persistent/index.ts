/**
 * `context-persistent`: `context-simple`'s compaction over a MessageStore (memory, IndexedDB,
 * Durable Object or KV). The store comes from the `session.store` capability (the host passes
 * `store` to `createSession`) or from {@link createContextPersistent}.
 */
import { z } from "zod";
import type { ModuleDefinition } from "../../contracts.ts";
import { KernelError } from "../../errors.ts";
import type { MessageStore } from "../../storage/index.ts";
import { checkCompactionAliases, compactionConfigShape, resolveCompactionAliases } from "../context/context-config.ts";
import { parseLenientModuleConfig } from "../shared/config.ts";
import { PersistentContext } from "./persistent-context.ts";

export { PersistentContext } from "./persistent-context.ts";

/** Config of `context-persistent` (as context-simple, but protecting only the last 10% by default). */
export const persistentContextConfigSchema = z
  .strictObject({
    ...compactionConfigShape,
    protected_recent: compactionConfigShape.protected_recent.removeDefault().default(0.1),
    /** The session whose history to use (default: the coordinator's session id). */
    session_id: z.string().min(1).optional(),
    allow_set_messages: z.boolean().default(false),
  })
  .superRefine(checkCompactionAliases)
  .transform((config) => resolveCompactionAliases(config));

function isStore(value: unknown): value is MessageStore {
  const candidate = value as Partial<MessageStore> | undefined;
  return typeof candidate?.append === "function" && typeof candidate.load === "function";
}

/** Builds `context-persistent`, optionally bound to a store (else the `session.store` capability is used). */
export function createContextPersistent(options: { store?: MessageStore } = {}): ModuleDefinition {
  return {
    id: "context-persistent",
    type: "context",
    description: "Conversation history in a MessageStore (append-only) with ephemeral compaction.",
    version: "1.0.0",
    async mount(coordinator, config) {
      const parsed = parseLenientModuleConfig("context-persistent", persistentContextConfigSchema, config, coordinator);
      const store = options.store ?? coordinator.get_capability("session.store");
      if (!isStore(store)) {
        throw new KernelError(
          "mount_failed",
          "context-persistent: no MessageStore; pass `store` to createSession (the session.store capability).",
        );
      }
      const context = new PersistentContext(parsed, coordinator.hooks, {
        store,
        sessionId: parsed.session_id ?? coordinator.session_id,
        allowReplace: parsed.allow_set_messages,
      });
      await coordinator.mount("context", context);
    },
  };
}

/** The `context-persistent` module (store from the `session.store` capability). */
export const contextPersistent: ModuleDefinition = createContextPersistent();
