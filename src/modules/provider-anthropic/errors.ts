/**
 * Anthropic's error bodies (`{"type":"error","error":{"type":"overloaded_error","message":...}}`),
 * over HTTP or as a stream `error` event, mapped to the kernel's LLM error taxonomy.
 */
import type { KernelError } from "../../errors.ts";
import { type LLMErrorKind, llmError } from "../../models/llm-error.ts";
import { type FailureContext, type HttpFailure, httpError } from "../providers-shared/http.ts";

const KIND_OF_TYPE: Record<string, LLMErrorKind> = {
  invalid_request_error: "invalid_request",
  authentication_error: "auth",
  permission_error: "access_denied",
  not_found_error: "not_found",
  request_too_large: "context_length",
  rate_limit_error: "rate_limit",
  billing_error: "quota_exceeded",
  api_error: "unavailable",
  overloaded_error: "unavailable",
  timeout_error: "timeout",
};

// The API reports an over-long prompt only in the message of an invalid_request_error.
const CONTEXT_LENGTH = /prompt is too long|context window|context length|too many (input )?tokens/i;

/** The `error` object of an Anthropic error body (and the body's `request_id`), when the body is one. */
export function readAnthropicError(
  json: unknown,
): { type: string; message: string; request_id?: string | undefined } | undefined {
  if (typeof json !== "object" || json === null) return undefined;
  const { error, request_id } = json as { error?: unknown; request_id?: unknown };
  if (typeof error !== "object" || error === null) return undefined;
  const { type, message } = error as { type?: unknown; message?: unknown };
  if (typeof type !== "string") return undefined;
  return {
    type,
    message: typeof message === "string" ? message : "",
    request_id: typeof request_id === "string" ? request_id : undefined,
  };
}

/** The taxonomy kind of an Anthropic error type and message. */
export function anthropicErrorKind(type: string, message: string): LLMErrorKind | undefined {
  if (type === "invalid_request_error" && CONTEXT_LENGTH.test(message)) return "context_length";
  return KIND_OF_TYPE[type];
}

/** Maps a failed HTTP response (401, 429 with retry-after, 529, ...). */
export function anthropicHttpError(failure: HttpFailure, context: FailureContext): KernelError {
  const error = readAnthropicError(failure.json);
  if (!error) return httpError(failure, context);
  return httpError(failure, context, {
    kind: anthropicErrorKind(error.type, error.message),
    message: `${error.type}: ${error.message}`,
    request_id: error.request_id,
  });
}

/** Maps an `error` event received mid-stream (the HTTP status was already 200). */
export function anthropicStreamError(json: unknown, context: FailureContext): KernelError {
  const error = readAnthropicError(json) ?? { type: "unknown", message: JSON.stringify(json) };
  const kind = anthropicErrorKind(error.type, error.message) ?? "stream";
  const request_id = ("request_id" in error ? error.request_id : undefined) ?? context.request_id;
  return llmError(kind, `${context.provider}: stream error (${kind}): ${error.type}: ${error.message}`, {
    provider: context.provider,
    ...(context.model === undefined ? {} : { model: context.model }),
    ...(request_id === undefined ? {} : { request_id }),
  });
}
