/**
 * `loop-streaming`: the same loop as `loop-basic`, calling `provider.stream()` when the provider
 * has it and emitting `content_block:start`/`delta`/`end` and `thinking:delta`/`final` as the
 * tokens arrive, so a UI can show the answer while it is written.
 */
import type { ModuleDefinition } from "../../contracts.ts";
import type { LoopModuleOptions } from "../loop/loop-config.ts";
import { createLoopModule } from "../loop/loop-module.ts";
import { streamCaller } from "../loop/stream-caller.ts";

/** Builds `loop-streaming` with injected options (for example a deterministic `newId`). */
export function createLoopStreaming(options: LoopModuleOptions = {}): ModuleDefinition {
  return createLoopModule(
    "loop-streaming",
    "The agent loop, streaming tokens as content_block events.",
    streamCaller,
    options,
  );
}

/** The `loop-streaming` orchestrator module. */
export const loopStreaming: ModuleDefinition = createLoopStreaming();
