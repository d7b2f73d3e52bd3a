/**
 * Workers AI results → ChatResponse. Text models answer `{response, tool_calls?, usage?}`; tool
 * calls come flat (`{name, arguments}`) or OpenAI-shaped (`{id, function:{name, arguments}}`), and
 * without ids on older models, so ids are made up (injected `newId`). Models that answer in the
 * Chat Completions shape (`choices`) are read as such.
 */
import { z } from "zod";
import { issuesFromZod } from "../../issues.ts";
import type { ChatResponse, ContentBlock, Usage } from "../../models/index.ts";
import { fromOpenAiResponse } from "../provider-openai/response.ts";
import { throwMalformed } from "../providers-shared/sse.ts";
import { buildResponse } from "../providers-shared/stream-assembler.ts";
import { parseToolArguments } from "../providers-shared/tool-arguments.ts";
import type { WorkersAiPrepared } from "./request.ts";

/** A tool call in either shape. */
export const workersAiToolCallSchema = z.union([
  z.looseObject({
    id: z.string().nullish(),
    index: z.number().int().nonnegative().optional(),
    function: z.looseObject({
      name: z.string().nullish(),
      arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
    }),
  }),
  z.looseObject({
    id: z.string().nullish(),
    name: z.string(),
    arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
  }),
]);

/** The usage object. */
export const workersAiUsageSchema = z.looseObject({
  prompt_tokens: z.number().int().nonnegative().nullish(),
  completion_tokens: z.number().int().nonnegative().nullish(),
  total_tokens: z.number().int().nonnegative().nullish(),
});

const resultSchema = z.looseObject({
  response: z.unknown().optional(),
  tool_calls: z.array(workersAiToolCallSchema).nullish(),
  usage: workersAiUsageSchema.nullish(),
});

/** Our Usage from Workers AI's. */
export function toUsage(usage: z.infer<typeof workersAiUsageSchema>): Usage {
  const input = usage.prompt_tokens ?? 0;
  const output = usage.completion_tokens ?? 0;
  return { input_tokens: input, output_tokens: output, total_tokens: usage.total_tokens ?? input + output };
}

type Arguments = string | Record<string, unknown> | null | undefined;

/** A tool call from either shape: name, argument text or object, id if any, delta index if any. */
export function readToolCall(call: z.infer<typeof workersAiToolCallSchema>): {
  id: string | undefined;
  name: string;
  arguments: Arguments;
  index: number | undefined;
} {
  const shaped = call as {
    id?: string | null;
    index?: number;
    name?: string;
    arguments?: Arguments;
    function?: { name?: string | null; arguments?: Arguments } | null;
  };
  const source = shaped.function ?? shaped;
  return { id: shaped.id ?? undefined, name: source.name ?? "", arguments: source.arguments, index: shaped.index };
}

/**
 * Converts a `run()` result.
 *
 * @throws KernelError `provider_failed` kind `stream` for a result of another shape, `invalid_tool_call`.
 */
export function fromWorkersAiResult(
  result: unknown,
  prepared: WorkersAiPrepared,
  provider: string,
  newId: () => string,
): ChatResponse {
  const context = { provider, model: prepared.model };
  if (typeof result === "object" && result !== null && Array.isArray((result as { choices?: unknown }).choices)) {
    const response = fromOpenAiResponse(result, { body: prepared.inputs, model: prepared.model }, provider);
    response.metadata = { ...response.metadata, provider: "workers-ai" };
    if (prepared.degradation) response.degradation = prepared.degradation;
    return response;
  }
  const parsed = resultSchema.safeParse(result);
  if (!parsed.success) {
    throwMalformed(context, `unexpected result: ${JSON.stringify(result)?.slice(0, 200)}`, {
      issues: issuesFromZod(parsed.error),
    });
  }
  const content: ContentBlock[] = [];
  const answer = parsed.data.response;
  const text =
    typeof answer === "string" ? answer : answer === undefined || answer === null ? "" : JSON.stringify(answer);
  if (text !== "") content.push({ type: "text", text });
  for (const raw of parsed.data.tool_calls ?? []) {
    const call = readToolCall(raw);
    const input = parseToolArguments(call.arguments, { ...context, tool: call.name });
    content.push({ type: "tool_call", id: call.id ?? newId(), name: call.name, input });
  }
  const calls = content.some((block) => block.type === "tool_call");
  const response = buildResponse(content, parsed.data.usage ? toUsage(parsed.data.usage) : undefined, {
    finish_reason: calls ? "tool_calls" : "stop",
    metadata: { provider: "workers-ai", model: prepared.model },
  });
  if (prepared.degradation) response.degradation = prepared.degradation;
  return response;
}
