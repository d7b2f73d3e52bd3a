/**
 * The original's LLMError hierarchy for module authors: `new RateLimitError(message, { retry_after })`
 * and friends, each a `provider_failed` KernelError whose data carries the kind, so it keeps its
 * meaning across realms (comlink, the sandbox) where `instanceof` does not; `RateLimitError.matches(e)`
 * recognises one from any realm, subclasses included (a QuotaExceededError is a RateLimitError).
 */
import { type Issue, KernelError } from "../errors.ts";
import {
  LLM_ERROR_PARENT_KINDS,
  LLM_ERROR_TYPE_NAMES,
  type LLMErrorData,
  type LLMErrorKind,
  llmErrorDataSchema,
  RETRYABLE_BY_DEFAULT,
} from "./llm-error-kinds.ts";

/** Options of an LLMError (the original's keyword arguments). `retry_after` is in seconds. */
export interface LLMErrorOptions {
  provider?: string | undefined;
  model?: string | undefined;
  /** The provider's id of the failed request, for its support. */
  request_id?: string | undefined;
  status_code?: number | undefined;
  /** Default: by class (rate limits, outages, timeouts, network and stream errors retry). */
  retryable?: boolean | undefined;
  retry_after?: number | undefined;
  /** Multiplies the backoff delay; 1 by default. */
  delay_multiplier?: number | undefined;
  cause?: unknown;
  /** What was wrong with a response of the wrong shape. */
  issues?: readonly Issue[] | undefined;
}

/** True when `kind` is `family` or one of its subclasses' kinds. */
export function isKindOf(kind: LLMErrorKind, family: LLMErrorKind): boolean {
  if (family === "unknown") return true;
  for (let current: LLMErrorKind | undefined = kind; current !== undefined; current = LLM_ERROR_PARENT_KINDS[current]) {
    if (current === family) return true;
  }
  return false;
}

function errorData(kind: LLMErrorKind, options: LLMErrorOptions, extra: Record<string, unknown> = {}): LLMErrorData {
  const data: LLMErrorData = { kind, retryable: options.retryable ?? RETRYABLE_BY_DEFAULT.has(kind), ...extra };
  if (options.retry_after !== undefined) data.retry_after = options.retry_after;
  if (options.status_code !== undefined) data.status_code = options.status_code;
  if (options.provider !== undefined) data.provider = options.provider;
  if (options.model !== undefined) data.model = options.model;
  if (options.request_id !== undefined) data.request_id = options.request_id;
  if (options.delay_multiplier !== undefined && options.delay_multiplier !== 1) {
    data.delay_multiplier = options.delay_multiplier;
  }
  return data;
}

/**
 * Base of every LLM provider error (the original's `LLMError`).
 *
 * @example
 * throw new RateLimitError("anthropic: 429 Too Many Requests", { provider: "anthropic", retry_after: 20 });
 */
export class LLMError extends KernelError {
  /** The kind this class stands for. */
  static readonly kind: LLMErrorKind = "unknown";
  declare readonly data: LLMErrorData;

  constructor(message: string, options: LLMErrorOptions = {}, extra: Record<string, unknown> = {}) {
    const kind = (new.target as typeof LLMError).kind;
    super("provider_failed", message, {
      data: errorData(kind, options, extra),
      cause: options.cause,
      issues: options.issues,
    });
    this.name = LLM_ERROR_TYPE_NAMES[kind];
  }

  /** True when `error` is an LLM error of this class or a subclass, from any realm. */
  static matches(error: unknown): error is LLMError {
    if (!KernelError.is(error, "provider_failed")) return false;
    const parsed = llmErrorDataSchema.safeParse(error.data);
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass matches() was called on.
    return parsed.success && isKindOf(parsed.data.kind, this.kind);
  }

  get kind(): LLMErrorKind {
    return this.data.kind;
  }
  get provider(): string | undefined {
    return this.data.provider;
  }
  get model(): string | undefined {
    return this.data.model;
  }
  get request_id(): string | undefined {
    return this.data.request_id;
  }
  get status_code(): number | undefined {
    return this.data.status_code;
  }
  get retryable(): boolean {
    return this.data.retryable;
  }
  get retry_after(): number | undefined {
    return this.data.retry_after;
  }
  get delay_multiplier(): number {
    return this.data.delay_multiplier ?? 1;
  }
}

/** Rate limit exceeded (HTTP 429). Retryable; `retry_after` from the provider's header. */
export class RateLimitError extends LLMError {
  static override readonly kind: LLMErrorKind = "rate_limit";
}
/** Billing or usage quota exhausted: a RateLimitError that does not retry. */
export class QuotaExceededError extends RateLimitError {
  static override readonly kind: LLMErrorKind = "quota_exceeded";
}
/** Invalid or missing credentials (HTTP 401). */
export class AuthenticationError extends LLMError {
  static override readonly kind: LLMErrorKind = "auth";
}
/** Valid credentials without permission (HTTP 403): an AuthenticationError. */
export class AccessDeniedError extends AuthenticationError {
  static override readonly kind: LLMErrorKind = "access_denied";
}
/** The request exceeds the model's context window. */
export class ContextLengthError extends LLMError {
  static override readonly kind: LLMErrorKind = "context_length";
}
/** Blocked by the provider's safety filter. */
export class ContentFilterError extends LLMError {
  static override readonly kind: LLMErrorKind = "content_filter";
}
/** A malformed request (HTTP 400/422). */
export class InvalidRequestError extends LLMError {
  static override readonly kind: LLMErrorKind = "invalid_request";
}
/** Model or endpoint not found (HTTP 404). */
export class NotFoundError extends LLMError {
  static override readonly kind: LLMErrorKind = "not_found";
}
/** Provider unavailable (HTTP 5xx). Retryable. */
export class ProviderUnavailableError extends LLMError {
  static override readonly kind: LLMErrorKind = "unavailable";
}
/** No HTTP response at all (DNS, TCP, TLS): a ProviderUnavailableError. Retryable. */
export class NetworkError extends ProviderUnavailableError {
  static override readonly kind: LLMErrorKind = "network";
}
/** The request timed out. Retryable. */
export class LLMTimeoutError extends LLMError {
  static override readonly kind: LLMErrorKind = "timeout";
}
/** The connection dropped mid-stream. Retryable. */
export class StreamError extends LLMError {
  static override readonly kind: LLMErrorKind = "stream";
}
/** The caller cancelled the request. */
export class AbortError extends LLMError {
  static override readonly kind: LLMErrorKind = "aborted";
}
/** Misconfigured provider (a missing key, a bad base URL). */
export class ConfigurationError extends LLMError {
  static override readonly kind: LLMErrorKind = "configuration";
}

/** Options of an InvalidToolCallError. */
export interface InvalidToolCallErrorOptions extends LLMErrorOptions {
  tool_name?: string | undefined;
  raw_arguments?: string | undefined;
}

/** The model produced a malformed tool call; `tool_name` and `raw_arguments` say which. */
export class InvalidToolCallError extends LLMError {
  static override readonly kind: LLMErrorKind = "invalid_tool_call";

  constructor(message: string, options: InvalidToolCallErrorOptions = {}) {
    const { tool_name, raw_arguments, ...rest } = options;
    super(message, rest, {
      ...(tool_name === undefined ? {} : { tool_name }),
      ...(raw_arguments === undefined ? {} : { raw_arguments }),
    });
  }

  get tool_name(): string | undefined {
    return typeof this.data.tool_name === "string" ? this.data.tool_name : undefined;
  }
  get raw_arguments(): string | undefined {
    return typeof this.data.raw_arguments === "string" ? this.data.raw_arguments : undefined;
  }
}

/** The class of each kind. */
export const LLM_ERROR_CLASSES: Readonly<Record<LLMErrorKind, typeof LLMError>> = Object.freeze({
  rate_limit: RateLimitError,
  quota_exceeded: QuotaExceededError,
  context_length: ContextLengthError,
  content_filter: ContentFilterError,
  auth: AuthenticationError,
  access_denied: AccessDeniedError,
  not_found: NotFoundError,
  invalid_request: InvalidRequestError,
  invalid_tool_call: InvalidToolCallError,
  unavailable: ProviderUnavailableError,
  timeout: LLMTimeoutError,
  network: NetworkError,
  stream: StreamError,
  aborted: AbortError,
  configuration: ConfigurationError,
  unknown: LLMError,
});
