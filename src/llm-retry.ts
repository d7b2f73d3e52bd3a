/**
 * The original's public retry helpers for module authors (`amplifier_core.utils.retry`):
 * `RetryConfig`, `compute_delay`, `retry_with_backoff` and `classify_error_message`. Durations are
 * seconds, as there. The sleep and the dice are injectable so that tests never wait on a clock.
 */
import { KernelError } from "./errors.ts";
import {
  AccessDeniedError,
  AuthenticationError,
  ContentFilterError,
  ContextLengthError,
  getLLMErrorData,
  InvalidRequestError,
  LLMError,
  NotFoundError,
  ProviderUnavailableError,
  RateLimitError,
} from "./models/llm-error.ts";
import { timerDelay } from "./timer-delay.ts";

/** Fields of a RetryConfig; every one is optional. */
export interface RetryConfigInit {
  /** Retries after the first attempt; 0 means a single attempt. Default 3. */
  max_retries?: number;
  /** Seconds before the first retry. Default 1. */
  initial_delay?: number;
  /** Cap on the computed backoff, in seconds (a multiplier or a server's retry-after may exceed it). Default 60. */
  max_delay?: number;
  /** Growth per retry: `initial_delay · backoff_factor^attempt`. Default 2. */
  backoff_factor?: number;
  /** Multiply each delay by a random factor in [0.5, 1.5). Default true. */
  jitter?: boolean;
  /** Wait at least the error's `retry_after`. Default true. */
  honor_retry_after?: boolean;
}

/**
 * How `retry_with_backoff` retries, with the original's defaults.
 *
 * @throws KernelError `invalid_argument` for a negative or non-finite number.
 */
export class RetryConfig {
  readonly max_retries: number;
  readonly initial_delay: number;
  readonly max_delay: number;
  readonly backoff_factor: number;
  readonly jitter: boolean;
  readonly honor_retry_after: boolean;

  constructor(init: RetryConfigInit = {}) {
    this.max_retries = checkNumber("max_retries", init.max_retries ?? 3, true);
    this.initial_delay = checkNumber("initial_delay", init.initial_delay ?? 1);
    this.max_delay = checkNumber("max_delay", init.max_delay ?? 60);
    this.backoff_factor = checkNumber("backoff_factor", init.backoff_factor ?? 2);
    this.jitter = init.jitter ?? true;
    this.honor_retry_after = init.honor_retry_after ?? true;
  }
}

function checkNumber(name: string, value: number, integer = false): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new KernelError(
      "invalid_argument",
      `RetryConfig.${name} must be a ${integer ? "whole " : ""}number ≥ 0, got ${String(value)}.`,
    );
  }
  return value;
}

/** Options of {@link compute_delay}. */
export interface ComputeDelayOptions {
  /** The server's hint, in seconds. */
  retry_after?: number | undefined;
  /** Multiplies the capped delay (ignored unless finite and positive). */
  delay_multiplier?: number | undefined;
  /** A number in [0, 1) for the jitter (default `Math.random`). */
  random?: () => number;
}

/**
 * The delay before retry `attempt` (0 = the first retry), in seconds: `initial · factor^attempt`,
 * capped at `max_delay`, times `delay_multiplier`, at least `retry_after` when honoured, then
 * jittered by [0.5, 1.5). The original's order of operations.
 */
export function compute_delay(config: RetryConfig, attempt: number, options: ComputeDelayOptions = {}): number {
  let delay = Math.min(config.initial_delay * config.backoff_factor ** attempt, config.max_delay);
  const multiplier = options.delay_multiplier;
  if (multiplier !== undefined && Number.isFinite(multiplier) && multiplier > 0) delay *= multiplier;
  if (config.honor_retry_after && options.retry_after !== undefined) delay = Math.max(delay, options.retry_after);
  if (config.jitter) delay *= 0.5 + (options.random ?? Math.random)();
  return delay;
}

/** Options of {@link retry_with_backoff}. */
export interface RetryWithBackoffOptions {
  /** Called before each wait with (retry number from 1, delay in seconds, the error). */
  on_retry?: (attempt: number, delay: number, error: KernelError) => unknown;
  /** Waits `seconds` (default: a timer that stops when `signal` aborts). */
  sleep?: (seconds: number, signal?: AbortSignal) => Promise<void>;
  /** The dice of the jitter. */
  random?: () => number;
  /** Stops retrying: the wait rejects with a `cancelled` KernelError. */
  signal?: AbortSignal;
}

/**
 * Runs `operation`, retrying while it fails with a retryable LLM error; any other error, a
 * non-retryable one or the last one is thrown as it is.
 *
 * @throws the operation's error; KernelError `cancelled` when `signal` aborts during a wait.
 * @example
 * const response = await retry_with_backoff(() => callModel(request), new RetryConfig({ max_retries: 5 }), {
 *   on_retry: (attempt, delay, error) => hooks.emit("provider:retry", { attempt, delay, error: error.message }),
 * });
 */
export async function retry_with_backoff<T>(
  operation: () => Promise<T>,
  config: RetryConfig = new RetryConfig(),
  options: RetryWithBackoffOptions = {},
): Promise<T> {
  const sleep = options.sleep ?? sleepSeconds;
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const data = getLLMErrorData(error);
      if (!data?.retryable || attempt >= config.max_retries) throw error;
      const delay = compute_delay(config, attempt, {
        retry_after: data.retry_after,
        delay_multiplier: data.delay_multiplier,
        ...(options.random ? { random: options.random } : {}),
      });
      await options.on_retry?.(attempt + 1, delay, error as KernelError);
      await sleep(delay, options.signal);
    }
  }
}

function sleepSeconds(seconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const cancelled = () => new KernelError("cancelled", "retry_with_backoff: cancelled while waiting to retry.");
    if (signal?.aborted) {
      reject(cancelled());
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      },
      timerDelay(seconds * 1000),
    );
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Options of {@link classify_error_message}. */
export interface ClassifyOptions {
  /** Decides first, except 400 and 422, which fall through to the message. */
  status_code?: number | undefined;
  /** Reserved, as in the original. */
  provider?: string | undefined;
}

/**
 * The most specific LLMError class for an error text, the original's fallback for a provider that
 * cannot tell the type from its SDK: the status code first, then keywords of the message.
 * Prefer a real status or error code when there is one; text matching is the last resort.
 *
 * @example
 * const ErrorClass = classify_error_message("Rate limit reached", { status_code: 400 });
 * throw new ErrorClass("openai: rate limit reached", { provider: "openai" });
 */
export function classify_error_message(message: string, options: ClassifyOptions = {}): typeof LLMError {
  const status = options.status_code;
  if (status !== undefined) {
    if (status === 401) return AuthenticationError;
    if (status === 403) return AccessDeniedError;
    if (status === 404) return NotFoundError;
    if (status === 413) return ContextLengthError;
    if (status === 429) return RateLimitError;
    if (status >= 500) return ProviderUnavailableError;
  }
  const text = message.toLowerCase();
  const mentions = (...words: string[]) => words.some((word) => text.includes(word));
  if (mentions("context length", "too many tokens", "maximum context")) return ContextLengthError;
  if (mentions("rate limit", "too many requests")) return RateLimitError;
  if (mentions("authentication", "api key", "unauthorized")) return AuthenticationError;
  if (mentions("not found")) return NotFoundError;
  if (mentions("content filter", "safety", "blocked")) return ContentFilterError;
  if (status === 400 || status === 422) return InvalidRequestError;
  return LLMError;
}
