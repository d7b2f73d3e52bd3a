/** Options every provider factory takes besides its config: the seams tests and hosts inject. */

import { TokenCalibration } from "../shared/token-calibration.ts";
import type { CallSettings, EventSink } from "./call-runner.ts";
import type { FetchFunction } from "./http.ts";
import { DEFAULT_RETRY_ENVIRONMENT, DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry.ts";

/** Injected seams of a provider. */
export interface ProviderFactoryOptions {
  /** Where `llm:*` and `provider:*` events go (the coordinator's hooks when mounted). */
  readonly hooks?: EventSink | undefined;
  /** Overrides the global fetch (config.fetch wins over this). */
  readonly fetch?: FetchFunction | undefined;
  /** Waits between retries (default: an abortable setTimeout). */
  readonly sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  /** Jitter source in [0, 1) (default: Math.random). */
  readonly random?: (() => number) | undefined;
  /** Clock for durations, in ms (default: Date.now). */
  readonly now?: (() => number) | undefined;
  /** Retry policy overrides (config.max_retries wins for the count). */
  readonly retry?: Partial<RetryPolicy> | undefined;
}

/** The call settings from config and options. */
export function callSettings(
  provider: string,
  config: { max_retries?: number | undefined; timeout_ms?: number | undefined; debug?: boolean | undefined },
  options: ProviderFactoryOptions,
  defaults: { timeout_ms: number },
): CallSettings {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  return {
    provider,
    hooks: options.hooks,
    policy: config.max_retries === undefined ? policy : { ...policy, max_retries: config.max_retries },
    environment: {
      sleep: options.sleep ?? DEFAULT_RETRY_ENVIRONMENT.sleep,
      random: options.random ?? DEFAULT_RETRY_ENVIRONMENT.random,
    },
    now: options.now ?? (() => Date.now()),
    timeout_ms: config.timeout_ms ?? defaults.timeout_ms,
    debug: config.debug,
    calibration: new TokenCalibration(),
  };
}

/** The fetch to use: config first, then the option, then the global one (looked up at call time). */
export function resolveFetch(configFetch: FetchFunction | undefined, options: ProviderFactoryOptions): FetchFunction {
  return configFetch ?? options.fetch ?? ((input, init) => globalThis.fetch(input, init));
}
