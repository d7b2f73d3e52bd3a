/**
 * The thin HTTP client under the fetch-based providers: one POST of a JSON body through an injected
 * `fetch`, with failures turned into the kernel's LLM error taxonomy.
 */
import { describeError, type KernelError } from "../../errors.ts";
import { type LLMErrorKind, llmError, llmErrorKindForStatus } from "../../models/llm-error.ts";
import { cancelledError, isAbortError } from "./abort.ts";
import { type AnswerContext, notJson } from "./content-type.ts";

/** The `fetch` a provider calls; injected by tests and by hosts that proxy requests. */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** What a provider knows when it maps a failed HTTP response to the taxonomy. */
export interface HttpFailure {
  readonly status: number;
  readonly headers: Headers;
  /** The response body as text (possibly empty). */
  readonly body: string;
  /** The body parsed as JSON, when it is JSON. */
  readonly json: unknown;
  /** Seconds to wait, from `retry-after-ms` or `retry-after`. */
  readonly retry_after?: number | undefined;
  /** The provider's id of the request, from `request-id` (Anthropic) or `x-request-id` (OpenAI). */
  readonly request_id?: string | undefined;
}

/** Who failed, for messages and error data. */
export interface FailureContext {
  readonly provider: string;
  readonly model?: string | undefined;
  /** The provider's id of the request, when the response headers gave one. */
  readonly request_id?: string | undefined;
}

/** The provider's request id in response headers: `request-id` (Anthropic), `x-request-id` (OpenAI and most others). */
export function requestIdOf(headers: Headers): string | undefined {
  return headers.get("request-id") ?? headers.get("x-request-id") ?? undefined;
}

/**
 * What the server says about retrying: `x-should-retry: true` or `false` (Anthropic and OpenAI
 * send it, and both official SDKs obey it over their own rules); undefined when it says nothing.
 */
export function shouldRetryHeader(headers: Headers): boolean | undefined {
  const value = headers.get("x-should-retry")?.trim().toLowerCase();
  return value === "true" ? true : value === "false" ? false : undefined;
}

/**
 * Seconds to wait according to the response headers: `retry-after-ms` (OpenAI), then `retry-after`
 * as seconds or as an HTTP date (compared with `now`).
 */
export function parseRetryAfter(headers: Headers, now: () => number = Date.now): number | undefined {
  const milliseconds = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds / 1000;
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number.parseFloat(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now()) / 1000);
}

/** Reads a failed response into an HttpFailure. */
export async function readFailure(response: Response, now?: () => number): Promise<HttpFailure> {
  let body = "";
  try {
    body = await response.text();
  } catch {
    // A body that cannot be read still leaves the status to go on.
  }
  let json: unknown;
  try {
    json = body ? JSON.parse(body) : undefined;
  } catch {
    json = undefined;
  }
  const retry_after = parseRetryAfter(response.headers, now);
  const request_id = requestIdOf(response.headers);
  return { status: response.status, headers: response.headers, body, json, retry_after, request_id };
}

/**
 * The LLM error for an HTTP failure: the kind from the provider's own reading of the body when it
 * has one, else from the status (408/5xx/529 retryable, 429 retryable with `retry-after`). The
 * server's `x-should-retry` header overrides whether it is retried; its request id is kept.
 */
export function httpError(
  failure: HttpFailure,
  context: FailureContext,
  detail: {
    kind?: LLMErrorKind | undefined;
    message?: string | undefined;
    retryable?: boolean | undefined;
    /** An id the body names (Anthropic's `request_id`), preferred over the header's. */
    request_id?: string | undefined;
  } = {},
): KernelError {
  const kind = detail.kind ?? (failure.status === 409 ? "unavailable" : llmErrorKindForStatus(failure.status));
  const text = detail.message ?? (failure.body.trim().slice(0, 500) || "(empty body)");
  const retryable = shouldRetryHeader(failure.headers) ?? detail.retryable;
  const request_id = detail.request_id ?? failure.request_id;
  return llmError(kind, `${context.provider}: HTTP ${failure.status} (${kind}): ${text}`, {
    status_code: failure.status,
    provider: context.provider,
    ...(context.model === undefined ? {} : { model: context.model }),
    ...(failure.retry_after === undefined ? {} : { retry_after: failure.retry_after }),
    ...(retryable === undefined ? {} : { retryable }),
    ...(request_id === undefined ? {} : { request_id }),
  });
}

/** One JSON POST. */
export interface JsonPost extends FailureContext {
  readonly fetch: FetchFunction;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  readonly signal?: AbortSignal | undefined;
  /** Maps a non-2xx response to the taxonomy. */
  readonly describeFailure: (failure: HttpFailure) => KernelError;
  readonly now?: (() => number) | undefined;
}

/**
 * POSTs `body` as JSON and returns the 2xx response, its body unread.
 *
 * @throws KernelError `cancelled` when the signal aborts; `provider_failed` kind `network` when the
 * server cannot be reached, else what `describeFailure` says.
 */
export async function postJson(post: JsonPost): Promise<Response> {
  let response: Response;
  try {
    response = await post.fetch(post.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...post.headers },
      body: JSON.stringify(post.body),
      ...(post.signal ? { signal: post.signal } : {}),
    });
  } catch (error) {
    if (isAbortError(error, post.signal)) throw cancelledError(post.signal);
    const reason = describeError(error);
    throw llmError("network", `${post.provider}: could not reach ${post.url}: ${reason}`, {
      provider: post.provider,
      ...(post.model === undefined ? {} : { model: post.model }),
      cause: error,
    });
  }
  if (response.ok) return response;
  throw post.describeFailure(await readFailure(response, post.now));
}

/**
 * Reads a 2xx response body as JSON. A body that is not JSON is a `configuration` error naming the
 * URL and the content type the server declared (an HTML page means a wrong base URL).
 */
export async function readJson(
  response: Response,
  context: AnswerContext & { signal?: AbortSignal | undefined },
): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    if (isAbortError(error, context.signal)) throw cancelledError(context.signal);
    throw llmError("stream", `${context.provider}: the response body broke off: ${describeError(error)}`, {
      provider: context.provider,
      ...(context.model === undefined ? {} : { model: context.model }),
      cause: error,
    });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw notJson(context, response, text, error);
  }
}
