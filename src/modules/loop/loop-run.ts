/** The state of one `execute()` of a built-in orchestrator, and the hook helpers it uses. */
import type { ContextManager, Coordinator, HookRegistryContract, Provider, Tool } from "../../contracts.ts";
import type { ChatRequest, ChatResponse, HookResult } from "../../models/index.ts";
import type { InjectionQueue } from "./ephemeral.ts";
import type { LoopConfig } from "./loop-config.ts";

/** How a loop calls the model: the one difference between loop-basic and loop-streaming. */
export interface ModelCaller {
  /**
   * True when the caller emits content_block events itself (as tokens arrive); otherwise the
   * loop emits `content_block:start`/`end` for each block after `provider:response`.
   */
  readonly emitsBlockEvents: boolean;
  call(run: LoopRun, provider: Provider, providerName: string, request: ChatRequest): Promise<ChatResponse>;
}

/** A non-ephemeral injection held back until the tool results of the batch are stored. */
export interface DeferredHookResult {
  readonly result: HookResult;
  readonly event: string;
}

/** Everything one run of the loop needs. */
export interface LoopRun {
  readonly orchestrator: string;
  readonly prompt: string;
  readonly config: LoopConfig;
  readonly context: ContextManager;
  readonly providers: Record<string, Provider>;
  readonly tools: Record<string, Tool>;
  readonly hooks: HookRegistryContract;
  readonly coordinator: Coordinator;
  readonly caller: ModelCaller;
  readonly newId: () => string;
  /** Aborts on an immediate cancel (the coordinator's token or the host's signal). */
  readonly signal: AbortSignal;
  readonly pending: InjectionQueue;
  iteration: number;
  cancelAnnounced: boolean;
  /** The text of the latest model answer, returned when a cancel ends the turn. */
  lastText: string;
}

/** What emitting a hook step needs of a run (a sandboxed orchestrator's tool path has only this). */
export type HookStepRun = Pick<LoopRun, "hooks" | "coordinator" | "orchestrator">;

/** True when an immediate stop was asked for. */
export function isImmediate(run: LoopRun): boolean {
  return run.coordinator.cancellation.is_immediate || run.signal.aborted;
}

/** True when any stop was asked for. */
export function isCancelled(run: LoopRun): boolean {
  return run.coordinator.cancellation.is_cancelled || run.signal.aborted;
}

/** Emits an observation event whose result the loop does not act on. */
export async function notify(run: Pick<LoopRun, "hooks">, event: string, data: Record<string, unknown>): Promise<void> {
  await run.hooks.emit(event, data);
}

/**
 * Emits `event` and applies its result through `coordinator.process_hook_result` (approval for
 * `ask_user`, stored injections, user messages). With `deferred`, a non-ephemeral injection is
 * held back instead, so that nothing lands between a tool call and its results.
 */
export async function hookStep(
  run: HookStepRun,
  event: string,
  data: Record<string, unknown>,
  deferred?: DeferredHookResult[],
): Promise<HookResult> {
  const result = await run.hooks.emit(event, data);
  if (deferred && result.action === "inject_context" && !result.ephemeral && result.context_injection) {
    deferred.push({ result, event });
    return result;
  }
  return run.coordinator.process_hook_result(result, event, run.orchestrator, data);
}

/** An AbortSignal that follows several others, and stops listening when disposed. */
export interface CombinedSignal extends Disposable {
  readonly signal: AbortSignal;
}

/** Combines the coordinator's cancellation signal with the host's, into one. */
export function combineSignals(signals: ReadonlyArray<AbortSignal | undefined>): CombinedSignal {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  const controller = new AbortController();
  const removers: Array<() => void> = [];
  for (const signal of present) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    const onAbort = () => controller.abort(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    removers.push(() => signal.removeEventListener("abort", onAbort));
  }
  return {
    signal: controller.signal,
    [Symbol.dispose]() {
      for (const remove of removers) remove();
    },
  };
}
