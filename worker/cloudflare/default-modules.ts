/**
 * The trusted built-in modules a Cloudflare session can name in its plan: the kernel's registry.
 * `provider-mock` is the offline default; the network providers read their keys from the plan's
 * env map; `context-simple` and `context-persistent` are rebound to the session's store.
 */
import type { ModuleDefinition } from "../../src/contracts.ts";
import { builtinModules } from "../../src/modules/index.ts";

/** The built-in modules of the default Worker. */
export const defaultCloudflareModules: readonly ModuleDefinition[] = Object.freeze(Object.values(builtinModules));
