/**
 * Error bodies of OpenAI and of compatible servers, mapped to the LLM error taxonomy:
 * `{"error":{"message","type","param","code"}}` (OpenAI, Ollama, llama.cpp), `{"object":"error",
 * "message",...}` (vLLM) and `{"error":"text"}`.
 */
import type { KernelError } from "../../errors.ts";
import { type LLMErrorKind, llmError, llmErrorKindForStatus } from "../../models/llm-error.ts";
import { type FailureContext, type HttpFailure, httpError } from "../providers-shared/http.ts";

/** What an error body says. */
export interface OpenAiErrorInfo {
  readonly message: string;
  readonly type?: string | undefined;
  readonly code?: string | undefined;
  /** A numeric `code` is an HTTP status (OpenRouter, and error chunks inside a 200 stream). */
  readonly status?: number | undefined;
}

const KIND_OF_CODE: Record<string, LLMErrorKind> = {
  context_length_exceeded: "context_length",
  string_above_max_length: "context_length",
  insufficient_quota: "quota_exceeded",
  rate_limit_exceeded: "rate_limit",
  invalid_api_key: "auth",
  model_not_found: "not_found",
  content_filter: "content_filter",
  content_policy_violation: "content_filter",
  server_error: "unavailable",
};

const KIND_OF_TYPE: Record<string, LLMErrorKind> = {
  insufficient_quota: "quota_exceeded",
  server_error: "unavailable",
  exceed_context_size_error: "context_length",
  authentication_error: "auth",
};

// Compatible servers say "context" only in prose (vLLM, llama.cpp, Ollama).
const CONTEXT_LENGTH = /maximum context length|context (length|size|window)|too many tokens|exceeds? .*context/i;

/** Reads an error body in any of the shapes above. */
export function readOpenAiError(json: unknown): OpenAiErrorInfo | undefined {
  if (typeof json !== "object" || json === null) return undefined;
  const record = json as Record<string, unknown>;
  const inner = record.error;
  if (typeof inner === "string") return { message: inner };
  const source = typeof inner === "object" && inner !== null ? (inner as Record<string, unknown>) : record;
  if (typeof source.message !== "string") return undefined;
  const status = typeof source.code === "number" && Number.isInteger(source.code) ? source.code : undefined;
  return {
    message: source.message,
    type: typeof source.type === "string" ? source.type : undefined,
    code: typeof source.code === "string" ? source.code : undefined,
    status: status !== undefined && status >= 400 && status <= 599 ? status : undefined,
  };
}

/** The taxonomy kind an error body names, if it names one. */
export function openAiErrorKind(info: OpenAiErrorInfo): LLMErrorKind | undefined {
  const byCode = info.code === undefined ? undefined : KIND_OF_CODE[info.code];
  if (byCode) return byCode;
  const byType = info.type === undefined ? undefined : KIND_OF_TYPE[info.type];
  if (byType) return byType;
  if (CONTEXT_LENGTH.test(info.message)) return "context_length";
  return info.status === undefined ? undefined : llmErrorKindForStatus(info.status);
}

/** Maps a failed HTTP response. `insufficient_quota` is a 429 that no retry will fix. */
export function openAiHttpError(failure: HttpFailure, context: FailureContext): KernelError {
  const info = readOpenAiError(failure.json);
  if (!info) return httpError(failure, context);
  const kind = openAiErrorKind(info);
  const label = info.code ?? info.type ?? info.status;
  return httpError(failure, context, { kind, message: label ? `${label}: ${info.message}` : info.message });
}

/**
 * Maps an error object received inside a 200 stream. Without a code the API documents, it is a
 * `stream` error (retryable); a numeric code is the status the server would have answered.
 */
export function openAiStreamError(json: unknown, context: FailureContext): KernelError {
  const info = readOpenAiError(json) ?? { message: JSON.stringify(json) };
  const kind = openAiErrorKind(info) ?? "stream";
  return llmError(kind, `${context.provider}: stream error (${kind}): ${info.message}`, {
    provider: context.provider,
    ...(context.model === undefined ? {} : { model: context.model }),
    ...(info.status === undefined ? {} : { status_code: info.status }),
    ...(context.request_id === undefined ? {} : { request_id: context.request_id }),
  });
}
