/** loop-basic's model call: one `provider.complete()`. */
import type { CompleteOptions } from "../../contracts.ts";
import type { LoopRun, ModelCaller } from "./loop-run.ts";

/** The options every model call passes to the provider. */
export function completeOptions(run: LoopRun): CompleteOptions {
  return run.config.extended_thinking ? { signal: run.signal, extended_thinking: true } : { signal: run.signal };
}

/** Calls `provider.complete()`; the loop emits block events after `provider:response`. */
export const completeCaller: ModelCaller = {
  emitsBlockEvents: false,
  call: (run, provider, _name, request) => provider.complete(request, completeOptions(run)),
};
