/** Ported conformance: the LLM error taxonomy and retry helpers (test_llm_errors.py, test_retry.py, retry.rs, errors.rs). */
import { describe, expect, it } from "vitest";
import { KernelError } from "../../../../src/errors.ts";
import { classify_error_message, compute_delay, RetryConfig, retry_with_backoff } from "../../../../src/llm-retry.ts";
import {
  AbortError,
  AccessDeniedError,
  AuthenticationError,
  ConfigurationError,
  ContentFilterError,
  ContextLengthError,
  getLLMErrorData,
  InvalidRequestError,
  InvalidToolCallError,
  LLM_ERROR_CLASSES,
  LLMError,
  LLMTimeoutError,
  llmError,
  llmErrorTypeName,
  NetworkError,
  NotFoundError,
  ProviderUnavailableError,
  QuotaExceededError,
  RateLimitError,
  StreamError,
} from "../../../../src/models/index.ts";
import { loopBasic } from "../../../../src/modules/loop-basic/index.ts";
import { createTestCoordinator, EventRecorder } from "../../../../src/testing/index.ts";
import { core } from "./source.ts";

const ERRORS = "tests/test_llm_errors.py";
const RETRY = "tests/test_retry.py";
const RETRY_RS = "crates/amplifier-core/src/retry.rs";

/** An operation that fails with the given errors, then answers. */
function scripted(...steps: unknown[]) {
  let calls = 0;
  const operation = async () => {
    const step = steps[calls++];
    if (step instanceof Error) throw step;
    return step;
  };
  return { operation, calls: () => calls };
}

/** A retry environment that records sleeps instead of waiting. */
function noSleep() {
  const slept: number[] = [];
  return { slept, sleep: async (seconds: number) => void slept.push(seconds) };
}

export function registerUpstreamLLMErrorTests(): void {
  describe("upstream conformance: LLM errors and retries", () => {
    it(`${core(ERRORS, "TestLLMErrorBase::test_full_creation")} an LLMError carries provider, model, status, retryable and retry_after`, () => {
      const error = new LLMError("boom", {
        provider: "anthropic",
        model: "claude",
        status_code: 500,
        retryable: true,
        retry_after: 2.5,
      });
      expect([
        error.message,
        error.provider,
        error.model,
        error.status_code,
        error.retryable,
        error.retry_after,
      ]).toEqual(["boom", "anthropic", "claude", 500, true, 2.5]);
      expect([
        error.name,
        error.delay_multiplier,
        error instanceof Error,
        KernelError.is(error, "provider_failed"),
      ]).toEqual(["LLMError", 1, true, true]);
    });

    it(`${core(ERRORS, "TestLLMErrorBase::test_basic_creation")} the base error is not retryable and has no provider`, () => {
      const error = new LLMError("plain");
      expect([error.retryable, error.provider, error.status_code]).toEqual([false, undefined, undefined]);
    });

    it(`${core(ERRORS, "TestLLMErrorBase::test_all_subtypes_are_llm_errors")} every subclass is an LLMError and a provider_failed KernelError`, () => {
      for (const ErrorClass of Object.values(LLM_ERROR_CLASSES)) {
        const error = new ErrorClass("x");
        expect(error).toBeInstanceOf(LLMError);
        expect(LLMError.matches(error)).toBe(true);
      }
    });

    it(`${core(ERRORS, "TestRetryableErrors::test_provider_unavailable_is_retryable")} rate limits, outages, timeouts, network and stream errors retry by default`, () => {
      const retryable = [RateLimitError, ProviderUnavailableError, LLMTimeoutError, NetworkError, StreamError];
      for (const ErrorClass of retryable) expect(new ErrorClass("x").retryable, ErrorClass.name).toBe(true);
    });

    it(`${core(ERRORS, "TestNonRetryableErrors::test_authentication_not_retryable")} the others do not`, () => {
      const final = [
        AuthenticationError,
        AccessDeniedError,
        ContextLengthError,
        ContentFilterError,
        InvalidRequestError,
        NotFoundError,
        AbortError,
        InvalidToolCallError,
        ConfigurationError,
        QuotaExceededError,
      ];
      for (const ErrorClass of final) expect(new ErrorClass("x").retryable, ErrorClass.name).toBe(false);
    });

    it(`${core(ERRORS, "TestRetryableErrors::test_rate_limit_retryable_override")} retryable can be overridden either way`, () => {
      expect(new RateLimitError("x", { retryable: false }).retryable).toBe(false);
      expect(new QuotaExceededError("x", { retryable: true }).retryable).toBe(true);
    });

    it(`${core(ERRORS, "TestQuotaExceededError::test_caught_by_except_rate_limit_error")} the original's subclass relations hold, by instanceof and across realms`, () => {
      const quota = new QuotaExceededError("over", { retry_after: 60 });
      expect([quota instanceof RateLimitError, RateLimitError.matches(quota), quota.retry_after]).toEqual([
        true,
        true,
        60,
      ]);
      expect(AuthenticationError.matches(new AccessDeniedError("no"))).toBe(true);
      expect(ProviderUnavailableError.matches(new NetworkError("dns"))).toBe(true);
      expect(RateLimitError.matches(new AuthenticationError("no"))).toBe(false);
      const crossed = KernelError.fromData(new NetworkError("dns", { provider: "openai" }).toData());
      expect([
        crossed instanceof NetworkError,
        NetworkError.matches(crossed),
        ProviderUnavailableError.matches(crossed),
      ]).toEqual([false, true, true]);
    });

    it(`${core(ERRORS, "TestInvalidToolCallError::test_tool_name_and_raw_arguments")} an invalid tool call keeps the tool name and raw arguments`, () => {
      const error = new InvalidToolCallError("bad json", { tool_name: "calc", raw_arguments: "{oops", provider: "p" });
      expect([error.tool_name, error.raw_arguments, error.provider, error.retryable]).toEqual([
        "calc",
        "{oops",
        "p",
        false,
      ]);
      expect(new InvalidToolCallError("x").tool_name).toBeUndefined();
    });

    it(`${core(ERRORS, "TestExceptionChaining::test_chain_preserves_cause")} the native error is kept as the cause`, () => {
      const native = new Error("socket hang up");
      expect(new NetworkError("network", { cause: native }).cause).toBe(native);
    });

    it(`${core("crates/amplifier-core/src/errors.rs", "test_delay_multiplier_on_retryable_variants")} a delay multiplier is carried in the error's data`, () => {
      const error = new ProviderUnavailableError("overloaded", { delay_multiplier: 10 });
      expect([error.delay_multiplier, getLLMErrorData(error)?.delay_multiplier]).toEqual([10, 10]);
    });

    it(`${core(ERRORS, "TestImportFromCore::test_import_from_top_level")} llmError(kind) builds the class of that kind, named as the original`, () => {
      const error = llmError("rate_limit", "429", { retry_after: 3 });
      expect([error instanceof RateLimitError, error.name, llmErrorTypeName(error)]).toEqual([
        true,
        "RateLimitError",
        "RateLimitError",
      ]);
      expect(llmErrorTypeName(new TypeError("x"))).toBe("TypeError");
    });

    it(`${core(ERRORS, "TestImportFromCore::test_import_from_top_level")} provider:error names the error class (RateLimitError), keeping our kind beside it`, async () => {
      const coordinator = await createTestCoordinator();
      const recorder = new EventRecorder();
      recorder.attach(coordinator.hooks, ["provider:error"]);
      await loopBasic.mount(coordinator, {});
      await coordinator.mount("providers", {
        name: "failing",
        get_info: () => ({ id: "failing", display_name: "F" }),
        list_models: async () => [],
        complete: async () => {
          throw new RateLimitError("slow down", { provider: "failing", retryable: false });
        },
        parse_tool_calls: () => [],
      });
      const orchestrator = coordinator.get("orchestrator")!;
      await orchestrator
        .execute("hi", coordinator.get("context")!, coordinator.get("providers"), {}, coordinator.hooks, {
          coordinator,
        })
        .catch(() => undefined);
      expect(recorder.get_events("provider:error")[0]?.data.error).toEqual({
        type: "RateLimitError",
        msg: "slow down",
        kind: "rate_limit",
      });
    });

    it(`${core(RETRY, "TestRetryConfig::test_defaults")} RetryConfig has the original's defaults`, () => {
      expect({ ...new RetryConfig() }).toEqual({
        max_retries: 3,
        initial_delay: 1,
        max_delay: 60,
        backoff_factor: 2,
        jitter: true,
        honor_retry_after: true,
      });
    });

    it(`${core(RETRY, "TestRetryConfig::test_zero_retries")} zero retries is allowed; a negative value is refused`, () => {
      expect(new RetryConfig({ max_retries: 0 }).max_retries).toBe(0);
      expect(() => new RetryConfig({ max_retries: -1 })).toThrow(/max_retries/);
    });

    it(`${core(RETRY, "TestRetryWithBackoff::test_succeeds_first_try")} no retry when the first try succeeds`, async () => {
      const { operation, calls } = scripted("success");
      expect(await retry_with_backoff(operation)).toBe("success");
      expect(calls()).toBe(1);
    });

    it(`${core(RETRY, "TestRetryWithBackoff::test_retries_on_retryable_error")} a retryable error is retried`, async () => {
      const { operation, calls } = scripted(new ProviderUnavailableError("down"), "success");
      const { sleep } = noSleep();
      expect(await retry_with_backoff(operation, new RetryConfig({ initial_delay: 0.01 }), { sleep })).toBe("success");
      expect(calls()).toBe(2);
    });

    it(`${core(RETRY, "TestRetryWithBackoff::test_respects_max_retries")} after max_retries the last error is thrown`, async () => {
      const error = new ProviderUnavailableError("still down");
      const { operation, calls } = scripted(error, error, error, error);
      const { sleep } = noSleep();
      await expect(retry_with_backoff(operation, new RetryConfig({ max_retries: 2 }), { sleep })).rejects.toBe(error);
      expect(calls()).toBe(3);
    });

    it(`${core(RETRY, "TestRetryWithBackoff::test_does_not_retry_non_retryable")} a non-retryable LLM error and any other error are thrown at once`, async () => {
      const auth = scripted(new AuthenticationError("bad key"));
      await expect(retry_with_backoff(auth.operation)).rejects.toThrow("bad key");
      const other = scripted(new TypeError("not an LLM error"));
      await expect(retry_with_backoff(other.operation)).rejects.toThrow("not an LLM error");
      expect([auth.calls(), other.calls()]).toEqual([1, 1]);
    });

    it(`${core(RETRY, "TestRetryWithBackoff::test_backoff_increases")} without jitter the delays double, and on_retry sees each (1-based)`, async () => {
      const error = new ProviderUnavailableError("down");
      const { operation } = scripted(error, error, error, "success");
      const seen: [number, number, string][] = [];
      const { sleep, slept } = noSleep();
      await retry_with_backoff(operation, new RetryConfig({ initial_delay: 0.01, jitter: false }), {
        sleep,
        on_retry: (attempt, delay, failure) => void seen.push([attempt, delay, failure.message]),
      });
      expect(seen).toEqual([
        [1, 0.01, "down"],
        [2, 0.02, "down"],
        [3, 0.04, "down"],
      ]);
      expect(slept).toEqual([0.01, 0.02, 0.04]);
    });

    it(`${core(RETRY, "TestRetryWithBackoff::test_jitter_applied")} jitter multiplies by [0.5, 1.5)`, () => {
      const config = new RetryConfig({ initial_delay: 0.01 });
      expect(compute_delay(config, 0, { random: () => 0 })).toBeCloseTo(0.005);
      expect(compute_delay(config, 0, { random: () => 0.999 })).toBeCloseTo(0.01499);
    });

    it(`${core(RETRY, "TestRetryWithBackoff::test_delay_capped_at_max_delay")} the backoff is capped at max_delay`, () => {
      const config = new RetryConfig({ initial_delay: 0.01, max_delay: 0.025, jitter: false });
      expect([0, 1, 2, 3].map((attempt) => compute_delay(config, attempt))).toEqual([0.01, 0.02, 0.025, 0.025]);
    });

    it(`${core(RETRY, "TestRetryWithBackoff::test_retry_after_can_exceed_max_delay")} a server's retry_after is a floor that may pass max_delay`, async () => {
      const { operation } = scripted(new RateLimitError("too fast", { retry_after: 120 }), "ok");
      const { sleep, slept } = noSleep();
      await retry_with_backoff(operation, new RetryConfig({ max_delay: 1, jitter: false }), { sleep });
      expect(slept).toEqual([120]);
    });

    it(`${core(RETRY, "TestRetryWithBackoff::test_honor_retry_after_false_ignores_retry_after")} honor_retry_after: false ignores the hint`, async () => {
      const { operation } = scripted(new RateLimitError("rate limited", { retry_after: 120 }), "ok");
      const { sleep, slept } = noSleep();
      await retry_with_backoff(
        operation,
        new RetryConfig({ initial_delay: 0.01, max_delay: 0.05, jitter: false, honor_retry_after: false }),
        { sleep },
      );
      expect(slept).toEqual([0.01]);
    });

    it(`${core(RETRY_RS, "compute_delay")} a delay multiplier applies after the cap`, () => {
      const config = new RetryConfig({ initial_delay: 1, max_delay: 2, jitter: false });
      expect(compute_delay(config, 5, { delay_multiplier: 10 })).toBe(20);
      expect(compute_delay(config, 0, { delay_multiplier: Number.NaN })).toBe(1);
    });

    it(`${core(RETRY, "TestRetryWithBackoff::test_zero_max_retries_no_retry")} zero retries is one attempt; an abort during a wait cancels`, async () => {
      const error = new ProviderUnavailableError("down");
      const once = scripted(error, "never");
      await expect(retry_with_backoff(once.operation, new RetryConfig({ max_retries: 0 }))).rejects.toBe(error);
      expect(once.calls()).toBe(1);
      const stop = new AbortController();
      stop.abort();
      const waiting = scripted(error, "never");
      await expect(
        retry_with_backoff(waiting.operation, new RetryConfig({ initial_delay: 5 }), { signal: stop.signal }),
      ).rejects.toSatisfy((failure: unknown) => KernelError.is(failure, "cancelled"));
    });

    it(`${core(RETRY, "TestClassifyErrorMessage::test_context_length_keywords")} messages are classified by keyword, case-insensitively`, () => {
      expect(classify_error_message("This exceeds the maximum context length")).toBe(ContextLengthError);
      expect(classify_error_message("Too Many Requests")).toBe(RateLimitError);
      expect(classify_error_message("Invalid API key provided")).toBe(AuthenticationError);
      expect(classify_error_message("model not found")).toBe(NotFoundError);
      expect(classify_error_message("blocked by the safety system")).toBe(ContentFilterError);
      expect(classify_error_message("something odd")).toBe(LLMError);
    });

    it(`${core(RETRY, "TestClassifyErrorMessage::test_status_code_overrides_message")} a status code decides first, except 400 and 422`, () => {
      expect(classify_error_message("rate limit", { status_code: 401 })).toBe(AuthenticationError);
      expect(classify_error_message("x", { status_code: 403 })).toBe(AccessDeniedError);
      expect(classify_error_message("x", { status_code: 503 })).toBe(ProviderUnavailableError);
      expect(classify_error_message("rate limit reached", { status_code: 400 })).toBe(RateLimitError);
      expect(classify_error_message("bad field", { status_code: 422 })).toBe(InvalidRequestError);
    });
  });
}
