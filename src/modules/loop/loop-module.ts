/** Builds an orchestrator module from the shared loop and a model caller. */
import type { ModuleDefinition, Orchestrator } from "../../contracts.ts";
import { parseLenientModuleConfig } from "../shared/config.ts";
import { runAgentLoop } from "./agent-loop.ts";
import { InjectionQueue } from "./ephemeral.ts";
import { defaultNewId, type LoopConfig, type LoopModuleOptions, loopConfigSchema } from "./loop-config.ts";
import { combineSignals, type ModelCaller } from "./loop-run.ts";

/** Creates the orchestrator object (what `mount` puts at the `orchestrator` mount point). */
export function createLoopOrchestrator(
  id: string,
  caller: ModelCaller,
  config: LoopConfig,
  options: LoopModuleOptions = {},
): Orchestrator {
  const newId = options.newId ?? defaultNewId();
  return {
    async execute(prompt, context, providers, tools, hooks, executeOptions) {
      const { coordinator } = executeOptions;
      const combined = combineSignals([coordinator.cancellation.signal, executeOptions.signal]);
      try {
        return await runAgentLoop({
          orchestrator: id,
          prompt,
          config,
          context,
          providers,
          tools,
          hooks,
          coordinator,
          caller,
          newId,
          signal: combined.signal,
          pending: new InjectionQueue(),
          iteration: 0,
          cancelAnnounced: false,
          lastText: "",
        });
      } finally {
        combined[Symbol.dispose]();
      }
    },
  };
}

/** Creates an orchestrator module definition (`loop-basic`, `loop-streaming`). */
export function createLoopModule(
  id: string,
  description: string,
  caller: ModelCaller,
  options: LoopModuleOptions = {},
): ModuleDefinition {
  return {
    id,
    type: "orchestrator",
    description,
    version: "1.0.0",
    async mount(coordinator, config) {
      // The original loops read the keys they know and ignore the rest (loop-streaming's
      // min_delay_between_calls_ms, say): a plan written for them still starts, with a warning.
      const parsed = parseLenientModuleConfig(id, loopConfigSchema, config, coordinator);
      await coordinator.mount("orchestrator", createLoopOrchestrator(id, caller, parsed, options));
    },
  };
}
