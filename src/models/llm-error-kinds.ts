/**
 * The vocabulary of LLM failures: the kinds this kernel uses in error data, and the original's
 * class name for each (`rate_limit` is `RateLimitError`), which is what events carry.
 */
import { z } from "zod";

/** The kinds of LLM failure (the original's LLMError subclasses). */
export const llmErrorKindSchema = z.enum([
  "rate_limit",
  "quota_exceeded",
  "context_length",
  "content_filter",
  "auth",
  "access_denied",
  "not_found",
  "invalid_request",
  "invalid_tool_call",
  "unavailable",
  "timeout",
  "network",
  "stream",
  "aborted",
  "configuration",
  "unknown",
]);

/** A kind of LLM failure. */
export type LLMErrorKind = z.infer<typeof llmErrorKindSchema>;

/** The data of a `provider_failed` KernelError. `retry_after` is in seconds. */
export const llmErrorDataSchema = z.looseObject({
  kind: llmErrorKindSchema,
  retryable: z.boolean(),
  retry_after: z.number().nonnegative().optional(),
  status_code: z.number().int().optional(),
  provider: z.string().optional(),
  model: z.string().optional(),
  /** The provider's id of the failed request (`request-id`, `x-request-id`), for its support. */
  request_id: z.string().optional(),
  /** Multiplies the backoff delay (the original's `delay_multiplier`, e.g. 10 for an overloaded server). */
  delay_multiplier: z.number().positive().optional(),
});

/** The data of a `provider_failed` KernelError. */
export type LLMErrorData = z.infer<typeof llmErrorDataSchema>;

/** The original's class name of each kind. */
export const LLM_ERROR_TYPE_NAMES: Readonly<Record<LLMErrorKind, string>> = Object.freeze({
  rate_limit: "RateLimitError",
  quota_exceeded: "QuotaExceededError",
  context_length: "ContextLengthError",
  content_filter: "ContentFilterError",
  auth: "AuthenticationError",
  access_denied: "AccessDeniedError",
  not_found: "NotFoundError",
  invalid_request: "InvalidRequestError",
  invalid_tool_call: "InvalidToolCallError",
  unavailable: "ProviderUnavailableError",
  timeout: "LLMTimeoutError",
  network: "NetworkError",
  stream: "StreamError",
  aborted: "AbortError",
  configuration: "ConfigurationError",
  unknown: "LLMError",
});

/** The original's subclass relations that are not direct children of LLMError. */
export const LLM_ERROR_PARENT_KINDS: Readonly<Partial<Record<LLMErrorKind, LLMErrorKind>>> = Object.freeze({
  quota_exceeded: "rate_limit",
  access_denied: "auth",
  network: "unavailable",
});

/** Kinds that are retryable unless said otherwise (the original's subclass defaults). */
export const RETRYABLE_BY_DEFAULT: ReadonlySet<LLMErrorKind> = new Set([
  "rate_limit",
  "unavailable",
  "timeout",
  "network",
  "stream",
]);
