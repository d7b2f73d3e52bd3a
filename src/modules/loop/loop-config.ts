/** Config shared by the two built-in orchestrators. */
import { z } from "zod";

/** Config of `loop-basic` and `loop-streaming`. */
export const loopConfigSchema = z.strictObject({
  /** Provider calls allowed with tools before the wrap-up call; -1 means no limit (the original's default). */
  max_iterations: z.number().int().min(-1).default(-1),
  /** Passed to `provider.complete()` as `extended_thinking`. */
  extended_thinking: z.boolean().default(false),
  reasoning_effort: z.string().min(1).optional(),
  /** The provider to use, by mount name. Otherwise the lowest `priority` wins (the original ignored this key). */
  default_provider: z.string().min(1).optional(),
  /** Run the tool calls of one response concurrently (the original's behaviour) or one after another. */
  parallel_tool_calls: z.boolean().default(true),
});

/** Parsed loop config. */
export type LoopConfig = z.output<typeof loopConfigSchema>;

/** Options a host may inject when it builds a loop module (tests, deterministic replays). */
export interface LoopModuleOptions {
  /** Makes ids such as `parallel_group_id` (default: `crypto.randomUUID`). */
  newId?: () => string;
}

/** The reminder spliced into the wrap-up call once `max_iterations` is reached. */
export const LOOP_LIMIT_REMINDER =
  '<system-reminder source="orchestrator-loop-limit">You have reached the maximum number of steps for this turn. ' +
  "Do not call any more tools. Tell the user what you did, what you found, and what is left to do.</system-reminder>";

/** A default id maker that works in every runtime (randomUUID is missing in insecure browser contexts). */
export function defaultNewId(): () => string {
  let counter = 0;
  return () => {
    const uuid =
      typeof crypto !== "undefined" && typeof crypto.randomUUID === "function" ? crypto.randomUUID() : undefined;
    counter++;
    return uuid ?? `${Date.now().toString(36)}-${counter.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  };
}
