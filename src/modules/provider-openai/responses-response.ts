/**
 * Responses API response object → ChatResponse: `output` items (messages, reasoning, function
 * calls) become blocks, `status` and `incomplete_details` the finish reason, `usage` ours. A
 * `failed` response is an error.
 */
import { z } from "zod";
import type { Issue, KernelError } from "../../errors.ts";
import { issuesFromZod, summarizeIssues } from "../../issues.ts";
import type { ChatResponse, ContentBlock, Usage } from "../../models/index.ts";
import { llmError } from "../../models/llm-error.ts";
import type { SseContext } from "../providers-shared/sse.ts";
import { throwMalformed } from "../providers-shared/sse.ts";
import { buildResponse } from "../providers-shared/stream-assembler.ts";
import { closeToolArguments } from "../providers-shared/tool-arguments.ts";
import { openAiErrorKind } from "./errors.ts";
import type { OpenAiPrepared } from "./request.ts";

/** The usage object (input_tokens includes cached tokens). */
export const responsesUsageSchema = z.looseObject({
  input_tokens: z.number().int().nonnegative().nullish(),
  output_tokens: z.number().int().nonnegative().nullish(),
  total_tokens: z.number().int().nonnegative().nullish(),
  input_tokens_details: z.looseObject({ cached_tokens: z.number().int().nonnegative().nullish() }).nullish(),
  output_tokens_details: z.looseObject({ reasoning_tokens: z.number().int().nonnegative().nullish() }).nullish(),
});

const textPartSchema = z.looseObject({ type: z.string(), text: z.string().optional(), refusal: z.string().optional() });

/** An output item; unknown types (hosted tools) are kept loose and skipped. */
export const outputItemSchema = z.looseObject({
  type: z.string(),
  id: z.string().nullish(),
  status: z.string().nullish(),
  content: z.array(textPartSchema).nullish(),
  summary: z.array(textPartSchema).nullish(),
  encrypted_content: z.string().nullish(),
  call_id: z.string().nullish(),
  name: z.string().nullish(),
  arguments: z.string().nullish(),
});

/** An output item. */
export type OutputItem = z.infer<typeof outputItemSchema>;

/** The response object, in the body of a non-streaming call and in the final stream events. */
export const responseObjectSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  status: z.string().nullish(),
  output: z.array(outputItemSchema).nullish(),
  incomplete_details: z.looseObject({ reason: z.string().nullish() }).nullish(),
  error: z.looseObject({ code: z.string().nullish(), message: z.string().nullish() }).nullish(),
  usage: responsesUsageSchema.nullish(),
});

/** The response object. */
export type ResponseObject = z.infer<typeof responseObjectSchema>;

/** Our Usage from the Responses API's. */
export function toResponsesUsage(usage: z.infer<typeof responsesUsageSchema>): Usage {
  const input = usage.input_tokens ?? 0;
  const output = usage.output_tokens ?? 0;
  const result: Usage = {
    input_tokens: input,
    output_tokens: output,
    total_tokens: usage.total_tokens ?? input + output,
  };
  const cached = usage.input_tokens_details?.cached_tokens;
  if (cached !== undefined && cached !== null) result.cache_read_tokens = cached;
  const reasoning = usage.output_tokens_details?.reasoning_tokens;
  if (reasoning !== undefined && reasoning !== null) result.reasoning_tokens = reasoning;
  return result;
}

/** The finish reason in the loops' vocabulary: length and content_filter for incomplete responses. */
export function responsesFinishReason(response: ResponseObject, hasCalls: boolean): string {
  if (response.status === "incomplete") {
    const reason = response.incomplete_details?.reason;
    return reason === "max_output_tokens" ? "length" : (reason ?? "incomplete");
  }
  return hasCalls ? "tool_calls" : "stop";
}

/** True when the output limit stopped the response (tool call arguments may be cut off). */
export function isCutOff(response: ResponseObject): boolean {
  return response.status === "incomplete" && response.incomplete_details?.reason === "max_output_tokens";
}

/** The error a `failed` response (or an `error` stream event) stands for. */
export function responsesFailure(
  error: { code?: string | null | undefined; message?: string | null | undefined } | null | undefined,
  context: SseContext,
): KernelError {
  const message = error?.message ?? "the response failed";
  const code = error?.code ?? undefined;
  const kind = openAiErrorKind({ message, code }) ?? (code === undefined ? "stream" : "unknown");
  return llmError(kind, `${context.provider}: response failed (${code ?? kind}): ${message}`, {
    provider: context.provider,
    ...(context.model === undefined ? {} : { model: context.model }),
    ...(context.request_id === undefined ? {} : { request_id: context.request_id }),
  });
}

/** The thinking block of a reasoning item: summary (or reasoning text), with the state to send back. */
export function reasoningBlock(item: OutputItem, text?: string): ContentBlock {
  const parts = item.summary?.length ? item.summary : (item.content ?? []);
  const thinking = text ?? parts.map((part) => part.text ?? "").join("\n\n");
  return { type: "thinking", thinking, content: [item.encrypted_content ?? null, item.id ?? null] };
}

/** The blocks of one output item (none for items of hosted tools). */
export function itemBlocks(item: OutputItem, cutOff: boolean, context: SseContext): ContentBlock[] {
  switch (item.type) {
    case "message":
      return (item.content ?? []).flatMap((part): ContentBlock[] => {
        const text = part.type === "refusal" ? part.refusal : part.text;
        return text ? [{ type: "text", text }] : [];
      });
    case "reasoning":
      return [reasoningBlock(item)];
    case "function_call": {
      const name = item.name ?? "";
      const closed = closeToolArguments(
        item.arguments,
        { ...context, tool: name },
        cutOff || item.status === "incomplete",
      );
      const block: ContentBlock = {
        type: "tool_call",
        id: item.call_id ?? item.id ?? "",
        name,
        input: closed.arguments,
      };
      if (closed.incomplete) block.incomplete = true;
      return [block];
    }
    default:
      return [];
  }
}

/** Response metadata: the response id and the model that answered. */
export function responsesMetadata(response: {
  id?: string | null | undefined;
  model?: string | null | undefined;
}): Record<string, unknown> {
  const metadata: Record<string, unknown> = { provider: "openai" };
  if (response.id) metadata.response_id = response.id;
  if (response.model) metadata.model = response.model;
  return metadata;
}

/**
 * Converts a Responses API response body.
 *
 * @throws KernelError `provider_failed`: the error of a `failed` response; kind `stream` for a
 * body of another shape; `invalid_tool_call` for arguments that are not a JSON object.
 */
export function fromResponsesResponse(json: unknown, prepared: OpenAiPrepared, provider: string): ChatResponse {
  const context = { provider, model: prepared.model };
  const parsed = responseObjectSchema.safeParse(json);
  if (!parsed.success || !Array.isArray(parsed.data.output)) {
    const issues: Issue[] = parsed.success
      ? [{ path: ["output"], message: "required (expected array)", code: "invalid_type" }]
      : issuesFromZod(parsed.error);
    throwMalformed(context, `unexpected response shape: ${summarizeIssues(issues)}`, { issues });
  }
  const response = parsed.data;
  if (response.status === "failed") throw responsesFailure(response.error, context);
  const cutOff = isCutOff(response);
  const content = (response.output ?? []).flatMap((item) => itemBlocks(item, cutOff, context));
  const hasCalls = content.some((block) => block.type === "tool_call");
  const metadata = responsesMetadata(response);
  if ((response.output ?? []).some((item) => item.content?.some((part) => part.type === "refusal")))
    metadata.refusal = true;
  const result = buildResponse(content, response.usage ? toResponsesUsage(response.usage) : undefined, {
    finish_reason: responsesFinishReason(response, hasCalls),
    metadata,
  });
  if (prepared.degradation) result.degradation = prepared.degradation;
  return result;
}
