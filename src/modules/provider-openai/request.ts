/**
 * ChatRequest → OpenAI Chat Completions request body, also spoken by OpenAI-compatible servers
 * (llama.cpp, Ollama, vLLM, OpenRouter). Tool results become `tool` messages right after the
 * assistant message whose `tool_calls` they answer; arguments travel as JSON text.
 */

import type { IssuePath } from "../../issues.ts";
import type { ChatRequest, ContentBlock, Degradation, Message } from "../../models/index.ts";
import {
  blocksOf,
  imageUrl,
  objectSchema,
  readImageSource,
  readToolChoice,
  textOf,
  toolOutputText,
} from "../providers-shared/message-parts.ts";

/** An OpenAI chat message as sent. */
export type OpenAiMessage = Record<string, unknown> & { role: string };

/** The settings the conversion needs. */
export interface OpenAiRequestSettings {
  readonly model: string;
  readonly max_tokens?: number | undefined;
  /** `max_completion_tokens` (OpenAI) or `max_tokens` (most compatible servers). */
  readonly max_tokens_field: "max_tokens" | "max_completion_tokens";
  readonly temperature?: number | undefined;
  /** Whether the target knows the `developer` role (else developer messages go as `system`). */
  readonly developer_role: boolean;
  /** Whether to ask for a final usage chunk when streaming (`stream_options.include_usage`). */
  readonly stream_usage: boolean;
  /** True for models that refuse sampling parameters. */
  readonly is_reasoning_model: (model: string) => boolean;
  /** True when the model rules of api.openai.com apply (else the server decides). */
  readonly knows_models: boolean;
}

/** The prepared call. */
export interface OpenAiPrepared {
  readonly body: Record<string, unknown>;
  readonly model: string;
  readonly degradation?: Degradation | undefined;
}

/** Builds the request body for one call (without `stream`). */
export function toOpenAiRequest(request: ChatRequest, settings: OpenAiRequestSettings): OpenAiPrepared {
  const model = request.model ?? settings.model;
  const body: Record<string, unknown> = {
    model,
    messages: toOpenAiMessages(request.messages, settings.developer_role),
  };
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({
      type: "function",
      function: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        parameters: objectSchema(tool.parameters),
      },
    }));
  }
  if (request.tool_choice !== undefined) {
    const choice = readToolChoice(request.tool_choice);
    body.tool_choice = choice.mode === "tool" ? { type: "function", function: { name: choice.name } } : choice.mode;
  }
  const format = request.response_format;
  if (format?.type === "json") body.response_format = { type: "json_object" };
  if (format?.type === "json_schema") {
    body.response_format = {
      type: "json_schema",
      json_schema: {
        name: format.name ?? "response",
        schema: format.schema,
        ...(format.strict === undefined ? {} : { strict: format.strict }),
      },
    };
  }
  const maxTokens = request.max_output_tokens ?? settings.max_tokens;
  if (maxTokens !== undefined) body[settings.max_tokens_field] = maxTokens;
  const sampling = samplingFields(request, settings, model);
  Object.assign(body, sampling.fields);
  if (request.stop !== undefined && request.stop.length > 0) body.stop = request.stop;
  if (sampling.reasoning_effort !== undefined) body.reasoning_effort = sampling.reasoning_effort;
  return { body, model, degradation: sampling.degradation };
}

/** What a request's sampling parameters and reasoning effort become for `model`, and what was dropped. */
export interface SamplingFields {
  readonly fields: { temperature?: number; top_p?: number };
  readonly reasoning_effort?: string | undefined;
  readonly degradation?: Degradation | undefined;
}

/**
 * Temperature and top_p, left out for reasoning models (OpenAI refuses them); reasoning_effort,
 * left out for models OpenAI knows do not reason (compatible servers decide for themselves).
 * Both APIs apply the same rules.
 */
export function samplingFields(
  request: ChatRequest,
  settings: Pick<OpenAiRequestSettings, "temperature" | "is_reasoning_model" | "knows_models">,
  model: string,
): SamplingFields {
  const fields: { temperature?: number; top_p?: number } = {};
  let degradation: Degradation | undefined;
  const temperature = request.temperature ?? settings.temperature;
  const reasoning = settings.is_reasoning_model(model);
  if (reasoning) {
    if (temperature !== undefined || request.top_p !== undefined) {
      degradation = {
        requested: "temperature/top_p",
        actual: "model default",
        reason: `${model} does not accept sampling parameters`,
      };
    }
  } else {
    if (temperature !== undefined) fields.temperature = temperature;
    if (request.top_p !== undefined) fields.top_p = request.top_p;
  }
  const effort = request.reasoning_effort;
  if (effort === undefined || reasoning || !settings.knows_models)
    return { fields, reasoning_effort: effort, degradation };
  degradation ??= {
    requested: `reasoning_effort ${effort}`,
    actual: "none",
    reason: `${model} is not a reasoning model`,
  };
  return { fields, degradation };
}

/** The `stream` fields added for a streaming call. */
export function streamFields(settings: Pick<OpenAiRequestSettings, "stream_usage">): Record<string, unknown> {
  return settings.stream_usage ? { stream: true, stream_options: { include_usage: true } } : { stream: true };
}

/**
 * Our messages → Chat Completions messages. Thinking blocks are not sent: the API has no field for
 * them, and servers that return `reasoning_content` refuse it as input.
 */
export function toOpenAiMessages(messages: readonly Message[], developerRole = true): OpenAiMessage[] {
  const out: OpenAiMessage[] = [];
  messages.forEach((message, index) => {
    const path = ["messages", index];
    switch (message.role) {
      case "system":
        out.push({ role: "system", content: textOf(message.content) });
        return;
      case "developer":
        out.push({ role: developerRole ? "developer" : "system", content: textOf(message.content) });
        return;
      case "assistant":
        out.push(assistantMessage(message));
        return;
      case "tool":
      case "function":
        out.push({ role: "tool", tool_call_id: message.tool_call_id ?? "", content: textOf(message.content) });
        return;
      case "user":
        out.push(...userMessages(message, path));
        return;
    }
  });
  return out;
}

function userMessages(message: Message, path: IssuePath): OpenAiMessage[] {
  if (typeof message.content === "string") return [{ role: "user", content: message.content }];
  const results: OpenAiMessage[] = [];
  const parts: Record<string, unknown>[] = [];
  message.content.forEach((block: ContentBlock, position) => {
    if (block.type === "tool_result") {
      results.push({ role: "tool", tool_call_id: block.tool_call_id, content: toolOutputText(block.output) });
    } else if (block.type === "text") {
      parts.push({ type: "text", text: block.text });
    } else if (block.type === "image") {
      const source = readImageSource(block.source, [...path, "content", position, "source"]);
      parts.push({ type: "image_url", image_url: { url: imageUrl(source) } });
    }
  });
  if (parts.length === 0) return results;
  // Plain text goes as a string: every compatible server accepts that, not all accept parts.
  const onlyText = parts.every((part) => part.type === "text");
  const content = onlyText ? parts.map((part) => part.text as string).join("\n\n") : parts;
  return [...results, { role: "user", content }];
}

function assistantMessage(message: Message): OpenAiMessage {
  const calls: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  for (const block of blocksOf(message.content)) {
    if (block.type !== "tool_call") continue;
    seen.add(block.id);
    const call = functionCall(block.id, block.name, block.input);
    // Gemini refuses the next turn unless each call's thought signature comes back with it.
    if (block.extra_content !== undefined) call.extra_content = block.extra_content;
    calls.push(call);
  }
  for (const call of message.tool_calls ?? []) {
    if (!seen.has(call.id)) calls.push(functionCall(call.id, call.tool, call.arguments));
  }
  const text = textOf(message.content);
  const out: OpenAiMessage = { role: "assistant", content: text === "" && calls.length > 0 ? null : text };
  if (calls.length > 0) out.tool_calls = calls;
  return out;
}

function functionCall(id: string, name: string, input: Record<string, unknown>): Record<string, unknown> {
  return { id, type: "function", function: { name, arguments: JSON.stringify(input) } };
}
