/**
 * Retries with exponential backoff and jitter for the retryable failures of the LLM error taxonomy.
 * Sleep and randomness are injected so that tests are deterministic and never wait on a clock.
 */
import type { KernelError } from "../../errors.ts";
import { getLLMErrorData } from "../../models/llm-error.ts";
import { cancelledError } from "./abort.ts";

/** How a provider retries. All durations are milliseconds. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  readonly max_retries: number;
  /** Delay before the first retry, doubled for each further retry. */
  readonly initial_delay_ms: number;
  /** Cap on a computed backoff delay. */
  readonly max_delay_ms: number;
  /** Longest `retry-after` the provider will honour; a server asking for more fails at once. */
  readonly max_retry_after_ms: number;
  /** Fraction of the delay that is randomised: 0 = none, 1 = full jitter. */
  readonly jitter: number;
}

/** The defaults: three retries, 1 s, 2 s, 4 s (with up to half of each randomised), capped at 30 s. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  max_retries: 3,
  initial_delay_ms: 1000,
  max_delay_ms: 30_000,
  max_retry_after_ms: 60_000,
  jitter: 0.5,
});

/** The clock and dice a retry loop uses. */
export interface RetryEnvironment {
  /** Waits `ms`, rejecting with a `cancelled` KernelError when `signal` aborts. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A number in [0, 1). */
  readonly random: () => number;
}

/** What a retry loop reports before it waits. */
export interface RetryNotice {
  /** The retry about to happen, from 1. */
  readonly attempt: number;
  readonly max_retries: number;
  readonly delay_ms: number;
  readonly error: KernelError;
}

/** A sleep on the real clock that stops when the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelledError(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelledError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The real clock and `Math.random`. */
export const DEFAULT_RETRY_ENVIRONMENT: RetryEnvironment = Object.freeze({
  sleep: abortableSleep,
  random: () => Math.random(),
});

/**
 * The delay before retry number `attempt` (from 1): the server's `retry-after` when it sent one,
 * otherwise `initial · 2^(attempt-1)` capped at `max_delay_ms`, of which the `jitter` fraction is random.
 * Returns `undefined` when the server asks for a longer wait than the policy allows.
 */
export function retryDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number,
  retryAfterSeconds?: number,
): number | undefined {
  if (retryAfterSeconds !== undefined) {
    const serverDelay = Math.ceil(retryAfterSeconds * 1000);
    return serverDelay > policy.max_retry_after_ms ? undefined : serverDelay;
  }
  const base = Math.min(policy.max_delay_ms, policy.initial_delay_ms * 2 ** (attempt - 1));
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  return Math.round(base * (1 - jitter) + base * jitter * random());
}

/**
 * Runs `operation`, retrying it while it fails with a retryable `provider_failed` KernelError.
 * `onRetry` runs before each wait (providers emit `provider:retry` from it).
 *
 * @throws KernelError `cancelled` when `signal` aborts; otherwise the last failure of `operation`.
 */
export async function withRetries<T>(
  operation: (attempt: number) => Promise<T>,
  options: {
    policy: RetryPolicy;
    environment: RetryEnvironment;
    signal?: AbortSignal | undefined;
    onRetry?: (notice: RetryNotice) => Promise<void> | void;
  },
): Promise<T> {
  const { policy, environment, signal } = options;
  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw cancelledError(signal);
    try {
      return await operation(attempt);
    } catch (error) {
      const data = getLLMErrorData(error);
      if (!data?.retryable || attempt >= policy.max_retries || signal?.aborted) throw error;
      const delay = retryDelay(policy, attempt + 1, environment.random, data.retry_after);
      if (delay === undefined) throw error;
      await options.onRetry?.({
        attempt: attempt + 1,
        max_retries: policy.max_retries,
        delay_ms: delay,
        error: error as KernelError,
      });
      try {
        await environment.sleep(delay, signal);
      } catch (sleepError) {
        throw signal?.aborted ? cancelledError(signal) : sleepError;
      }
    }
  }
}
