/**
 * `loop-basic`: the agent loop of reference §5 with `provider.complete()`. Differences from the
 * original, on purpose: `execution:start`/`execution:end` on every exit path, tool input checked
 * against `input_schema`, `default_provider` honoured, non-ephemeral hook injections held until
 * the tool results of a batch are stored (so nothing splits a tool call from its result).
 */
import type { ModuleDefinition } from "../../contracts.ts";
import { completeCaller } from "../loop/complete-caller.ts";
import type { LoopModuleOptions } from "../loop/loop-config.ts";
import { createLoopModule } from "../loop/loop-module.ts";

export { type LoopConfig, loopConfigSchema } from "../loop/loop-config.ts";

/** Builds `loop-basic` with injected options (for example a deterministic `newId`). */
export function createLoopBasic(options: LoopModuleOptions = {}): ModuleDefinition {
  return createLoopModule(
    "loop-basic",
    "The agent loop: model calls and parallel tool calls until an answer.",
    completeCaller,
    options,
  );
}

/** The `loop-basic` orchestrator module. */
export const loopBasic: ModuleDefinition = createLoopBasic();
