import { z } from "zod";
import { KernelError } from "../errors.ts";

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
});

/** The data of a `provider_failed` KernelError. */
export type LLMErrorData = z.infer<typeof llmErrorDataSchema>;

const RETRYABLE_BY_DEFAULT: ReadonlySet<LLMErrorKind> = new Set([
  "rate_limit",
  "unavailable",
  "timeout",
  "network",
  "stream",
]);

/** Options of {@link llmError}. */
export interface LLMErrorOptions {
  retryable?: boolean;
  retry_after?: number;
  status_code?: number;
  provider?: string;
  model?: string;
  request_id?: string;
  cause?: unknown;
}

/**
 * Builds the KernelError a provider throws for a failed model call: code `provider_failed`, data
 * {@link LLMErrorData}. `retryable` defaults by kind (rate limits, outages, timeouts, network and
 * stream errors are retryable).
 *
 * @example
 * throw llmError("rate_limit", "anthropic: 429 Too Many Requests", { retry_after: 20, provider: "anthropic" });
 */
export function llmError(kind: LLMErrorKind, message: string, options: LLMErrorOptions = {}): KernelError {
  const { cause, ...rest } = options;
  const data: LLMErrorData = { kind, retryable: rest.retryable ?? RETRYABLE_BY_DEFAULT.has(kind) };
  if (rest.retry_after !== undefined) data.retry_after = rest.retry_after;
  if (rest.status_code !== undefined) data.status_code = rest.status_code;
  if (rest.provider !== undefined) data.provider = rest.provider;
  if (rest.model !== undefined) data.model = rest.model;
  if (rest.request_id !== undefined) data.request_id = rest.request_id;
  return new KernelError("provider_failed", message, cause === undefined ? { data } : { data, cause });
}

/** The LLM error data of `error` when it is a `provider_failed` KernelError (of `kind`, if given). */
export function getLLMErrorData(error: unknown, kind?: LLMErrorKind): LLMErrorData | undefined {
  if (!KernelError.is(error, "provider_failed")) return undefined;
  const parsed = llmErrorDataSchema.safeParse(error.data);
  if (!parsed.success) return undefined;
  return kind === undefined || parsed.data.kind === kind ? parsed.data : undefined;
}

/** True when `error` is an LLM error (of `kind`, if given). */
export function isLLMError(error: unknown, kind?: LLMErrorKind): error is KernelError {
  return getLLMErrorData(error, kind) !== undefined;
}

/** True when `error` is an LLM error that may succeed on retry. */
export function isRetryableLLMError(error: unknown): boolean {
  return getLLMErrorData(error)?.retryable === true;
}

/** Maps an HTTP status of a provider API to an error kind. */
export function llmErrorKindForStatus(status: number): LLMErrorKind {
  if (status === 429) return "rate_limit";
  if (status === 401) return "auth";
  // 402 Payment Required: OpenRouter's "insufficient credits"; no retry will pay the bill.
  if (status === 402) return "quota_exceeded";
  if (status === 403) return "access_denied";
  if (status === 404) return "not_found";
  if (status === 408 || status === 504) return "timeout";
  if (status === 413) return "context_length";
  if (status >= 500) return "unavailable";
  if (status >= 400) return "invalid_request";
  return "unknown";
}
