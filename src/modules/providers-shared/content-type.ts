/**
 * Checks that a 2xx answer is what the provider asked for before reading it. A server at the wrong
 * base URL (a local model server's web UI, a proxy's login page) often answers 200 with HTML: read
 * as Server-Sent Events that is no event at all, and the user would only hear that "the stream
 * ended early". Naming the content type and the URL points at the real mistake.
 */
import { llmError } from "../../models/llm-error.ts";
import type { FailureContext } from "./http.ts";

/** Who asked which URL, for the message. */
export interface AnswerContext extends FailureContext {
  readonly url: string;
}

/** The media type of a `content-type` header, lower-cased, without its parameters; undefined when absent. */
export function mediaTypeOf(headers: Headers): string | undefined {
  const value = headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  return value ? value : undefined;
}

/**
 * Throws unless `response` declares `text/event-stream` (or declares nothing: some compatible servers
 * omit the header, and their stream is then judged by its events). The body is cancelled so the
 * connection is not left open.
 *
 * @throws KernelError `provider_failed` kind `configuration`, not retryable: the same URL answers the same way.
 */
export async function expectEventStream(response: Response, context: AnswerContext): Promise<void> {
  const type = mediaTypeOf(response.headers);
  if (type === undefined || type === "text/event-stream") return;
  await response.body?.cancel().catch(() => undefined);
  throw notWhatWasAsked(context, type, "an event stream", response.status);
}

/**
 * The error for a 2xx body that does not parse as JSON: names the declared content type and the URL,
 * and, for HTML, says the base URL is probably wrong.
 */
export function notJson(context: AnswerContext, response: Response, text: string, cause: unknown): Error {
  const type = mediaTypeOf(response.headers) ?? "no content-type";
  if (type.endsWith("json")) {
    // Declared JSON that does not parse is a broken body from the right server, not a wrong URL.
    return llmError("stream", `${context.provider}: the response is not valid JSON: ${text.slice(0, 200)}`, {
      provider: context.provider,
      ...(context.model === undefined ? {} : { model: context.model }),
      retryable: false,
      cause,
    });
  }
  return notWhatWasAsked(context, type, "JSON", response.status, text, cause);
}

function notWhatWasAsked(
  context: AnswerContext,
  type: string,
  wanted: string,
  status: number,
  text = "",
  cause?: unknown,
): Error {
  const html = type === "text/html" || /^\s*</.test(text);
  const hint = html
    ? "; an HTML page usually means the base URL is wrong (it should name the API, e.g. http://127.0.0.1:11434/v1, not a web UI)"
    : "";
  const sample = text ? `: ${text.trim().slice(0, 200)}` : "";
  return llmError(
    "configuration",
    `${context.provider}: the server at ${context.url} answered HTTP ${status} with ${type}, not ${wanted}${hint}${sample}`,
    {
      status_code: status,
      provider: context.provider,
      retryable: false,
      ...(context.model === undefined ? {} : { model: context.model }),
      ...(context.request_id === undefined ? {} : { request_id: context.request_id }),
      ...(cause === undefined ? {} : { cause }),
    },
  );
}
