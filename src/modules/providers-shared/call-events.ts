/** The payloads of the `llm:request`, `llm:response` and `provider:retry` events a provider call emits. */
import { describeError, KernelError } from "../../errors.ts";
import type { ChatRequest, ChatResponse } from "../../models/index.ts";
import { getLLMErrorData, llmErrorTypeName } from "../../models/llm-error.ts";
import type { CallSettings } from "./call-runner.ts";

/** `llm:request`: what is asked, without the messages. */
export function requestSummary(settings: CallSettings, request: ChatRequest, model: string, stream: boolean) {
  const summary: Record<string, unknown> = {
    provider: settings.provider,
    model,
    stream,
    message_count: request.messages.length,
    tool_count: request.tools?.length ?? 0,
  };
  if (request.max_output_tokens !== undefined) summary.max_output_tokens = request.max_output_tokens;
  return summary;
}

/** `llm:response` of an answer: status, duration, usage, finish reason. */
export function responsePayload(settings: CallSettings, model: string, started: number, response: ChatResponse) {
  const payload: Record<string, unknown> = {
    provider: settings.provider,
    model,
    status: "ok",
    duration_ms: Math.max(0, settings.now() - started),
  };
  if (response.usage) {
    const { input_tokens, output_tokens, cache_read_tokens, cache_write_tokens } = response.usage;
    const usage: Record<string, number> = { input_tokens, output_tokens };
    if (cache_read_tokens !== undefined) usage.cache_read_tokens = cache_read_tokens;
    if (cache_write_tokens !== undefined) usage.cache_write_tokens = cache_write_tokens;
    payload.usage = usage;
  }
  if (response.finish_reason !== undefined) payload.finish_reason = response.finish_reason;
  return payload;
}

/** `llm:response` of a failure: its kind, message, status and whether it was retryable. */
export function failurePayload(settings: CallSettings, model: string, started: number, error: unknown) {
  const cancelled = KernelError.is(error, "cancelled");
  const data = getLLMErrorData(error);
  const payload: Record<string, unknown> = {
    provider: settings.provider,
    model,
    status: cancelled ? "cancelled" : "error",
    duration_ms: Math.max(0, settings.now() - started),
    error: {
      // The original's class name (RateLimitError), with our kind beside it.
      type: cancelled ? "cancelled" : llmErrorTypeName(error),
      msg: describeError(error),
      ...(data ? { kind: data.kind } : {}),
    },
  };
  if (data?.status_code !== undefined) payload.status_code = data.status_code;
  if (data) payload.retryable = data.retryable;
  return payload;
}

/** `provider:retry`: which retry, after how long, and why. */
export function retryPayload(
  settings: CallSettings,
  model: string,
  notice: { attempt: number; max_retries: number; delay_ms: number; error: KernelError },
) {
  const data = getLLMErrorData(notice.error);
  const payload: Record<string, unknown> = {
    provider: settings.provider,
    model,
    attempt: notice.attempt,
    max_retries: notice.max_retries,
    delay_ms: notice.delay_ms,
    error: { type: llmErrorTypeName(notice.error), msg: notice.error.message, ...(data ? { kind: data.kind } : {}) },
  };
  if (data?.status_code !== undefined) payload.status_code = data.status_code;
  if (data?.retry_after !== undefined) payload.retry_after = data.retry_after;
  return payload;
}
