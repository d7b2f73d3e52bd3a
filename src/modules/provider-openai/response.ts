/** Chat Completions response → ChatResponse: text, reasoning text, tool calls, usage with cached tokens. */
import { z } from "zod";
import { issuesFromZod, summarizeIssues } from "../../issues.ts";
import type { ChatResponse, ContentBlock, Usage } from "../../models/index.ts";
import { throwMalformed } from "../providers-shared/sse.ts";
import { buildResponse } from "../providers-shared/stream-assembler.ts";
import { closeToolArguments } from "../providers-shared/tool-arguments.ts";
import type { OpenAiPrepared } from "./request.ts";

/** The usage object (prompt_tokens already includes cached tokens). */
export const openAiUsageSchema = z.looseObject({
  prompt_tokens: z.number().int().nonnegative().nullish(),
  completion_tokens: z.number().int().nonnegative().nullish(),
  total_tokens: z.number().int().nonnegative().nullish(),
  prompt_tokens_details: z.looseObject({ cached_tokens: z.number().int().nonnegative().nullish() }).nullish(),
  completion_tokens_details: z.looseObject({ reasoning_tokens: z.number().int().nonnegative().nullish() }).nullish(),
});

const toolCallSchema = z.looseObject({
  id: z.string(),
  type: z.string().optional(),
  /** Gemini's `{google: {thought_signature}}`, which must go back with the call. */
  extra_content: z.record(z.string(), z.unknown()).optional(),
  function: z.looseObject({
    name: z.string(),
    arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
  }),
});

const completionSchema = z.looseObject({
  id: z.string().optional(),
  model: z.string().optional(),
  choices: z
    .array(
      z.looseObject({
        message: z.looseObject({
          content: z.string().nullish(),
          refusal: z.string().nullish(),
          reasoning_content: z.string().nullish(),
          reasoning: z.string().nullish(),
          tool_calls: z.array(toolCallSchema).nullish(),
        }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: openAiUsageSchema.nullish(),
});

/** Our Usage from the API's. */
export function toUsage(usage: z.infer<typeof openAiUsageSchema>): Usage {
  const input = usage.prompt_tokens ?? 0;
  const output = usage.completion_tokens ?? 0;
  const result: Usage = {
    input_tokens: input,
    output_tokens: output,
    total_tokens: usage.total_tokens ?? input + output,
  };
  const cached = usage.prompt_tokens_details?.cached_tokens;
  if (cached !== undefined && cached !== null) result.cache_read_tokens = cached;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  if (reasoning !== undefined && reasoning !== null) result.reasoning_tokens = reasoning;
  return result;
}

/** The finish reason, with the legacy `function_call` folded into `tool_calls`. */
export function finishReason(reason: string | null | undefined): string | undefined {
  if (reason === null || reason === undefined) return undefined;
  return reason === "function_call" ? "tool_calls" : reason;
}

/**
 * Converts a Chat Completions response body.
 *
 * @throws KernelError `provider_failed`: kind `stream` for a body of another shape, `invalid_tool_call`
 * for arguments that are not a JSON object.
 */
export function fromOpenAiResponse(json: unknown, prepared: OpenAiPrepared, provider: string): ChatResponse {
  const parsed = completionSchema.safeParse(json);
  const context = { provider, model: prepared.model };
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error);
    throwMalformed(context, `unexpected response shape: ${summarizeIssues(issues)}`, { issues });
  }
  const choice = parsed.data.choices[0]!;
  const message = choice.message;
  const content: ContentBlock[] = [];
  const reasoning = message.reasoning_content ?? message.reasoning;
  if (reasoning) content.push({ type: "thinking", thinking: reasoning });
  const text = message.content ?? message.refusal;
  if (text) content.push({ type: "text", text });
  const cutOff = choice.finish_reason === "length";
  for (const call of message.tool_calls ?? []) {
    const closed = closeToolArguments(call.function.arguments, { ...context, tool: call.function.name }, cutOff);
    const block: ContentBlock = { type: "tool_call", id: call.id, name: call.function.name, input: closed.arguments };
    if (closed.incomplete) block.incomplete = true;
    if (call.extra_content !== undefined) block.extra_content = call.extra_content;
    content.push(block);
  }
  const metadata: Record<string, unknown> = { provider: "openai" };
  if (parsed.data.id !== undefined) metadata.response_id = parsed.data.id;
  if (parsed.data.model !== undefined) metadata.model = parsed.data.model;
  if (!message.content && message.refusal) metadata.refusal = true;
  const response = buildResponse(content, parsed.data.usage ? toUsage(parsed.data.usage) : undefined, {
    finish_reason: finishReason(choice.finish_reason),
    metadata,
  });
  if (prepared.degradation) response.degradation = prepared.degradation;
  return response;
}
