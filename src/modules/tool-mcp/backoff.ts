/**
 * When to try a lost connection again: exponential backoff on an injected scheduler, so tests
 * (and hosts with their own clocks) decide when "later" is, and nothing waits on a real timer.
 */
import { timerDelay } from "../../timer-delay.ts";
import type { ReconnectPolicy } from "./config.ts";

/** Runs `task` after `delayMs`; the returned function cancels it. */
export interface Scheduler {
  schedule(delayMs: number, task: () => void): () => void;
}

/** The runtime's timers. */
export const timerScheduler: Scheduler = {
  schedule(delayMs, task) {
    const timer = setTimeout(task, timerDelay(delayMs));
    return () => clearTimeout(timer);
  },
};

/** The delay before attempt `attempt` (0 is the first retry), or undefined when the policy gives up. */
export function backoffDelay(policy: ReconnectPolicy, attempt: number): number | undefined {
  if (attempt >= policy.max_attempts) return undefined;
  return Math.min(policy.initial_delay_ms * policy.factor ** attempt, policy.max_delay_ms);
}
