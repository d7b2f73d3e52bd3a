/**
 * ChatRequest → OpenAI Responses API request body (`POST {base_url}/responses`), also served by
 * compatible servers (LM Studio, vLLM). The conversation goes as `input` items: messages, then
 * `function_call` and `function_call_output` items for tool calls and their results, and
 * `reasoning` items that carry a reasoning model's encrypted state back (Amplifier keeps it in a
 * thinking block's `content` as `[encrypted_content, reasoning_id]`). Requests are stateless
 * (`store: false` by default): the full view is sent every time, so ephemeral compaction applies.
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
import { type OpenAiPrepared, type OpenAiRequestSettings, samplingFields } from "./request.ts";

/** One input item as sent. */
export type ResponsesItem = Record<string, unknown> & { type: string };

/** The settings the conversion needs beyond those of Chat Completions. */
export interface ResponsesRequestSettings extends OpenAiRequestSettings {
  /** Keep responses on the server (`store`); off by default, so nothing is kept and compaction is ours. */
  readonly store: boolean;
}

/** Builds the request body for one call (without `stream`). */
export function toResponsesRequest(request: ChatRequest, settings: ResponsesRequestSettings): OpenAiPrepared {
  const model = request.model ?? settings.model;
  const body: Record<string, unknown> = {
    model,
    input: toResponsesInput(request.messages, settings.developer_role),
    store: settings.store,
  };
  if (request.tools && request.tools.length > 0) {
    // strict is sent as false: the Responses API defaults it to true, which refuses most schemas.
    body.tools = request.tools.map((tool) => ({
      type: "function",
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parameters: objectSchema(tool.parameters),
      strict: false,
    }));
  }
  if (request.tool_choice !== undefined) {
    const choice = readToolChoice(request.tool_choice);
    body.tool_choice = choice.mode === "tool" ? { type: "function", name: choice.name } : choice.mode;
  }
  const format = request.response_format;
  if (format?.type === "json") body.text = { format: { type: "json_object" } };
  if (format?.type === "json_schema") {
    body.text = {
      format: {
        type: "json_schema",
        name: format.name ?? "response",
        schema: format.schema,
        ...(format.strict === undefined ? {} : { strict: format.strict }),
      },
    };
  }
  const maxTokens = request.max_output_tokens ?? settings.max_tokens;
  if (maxTokens !== undefined) body.max_output_tokens = maxTokens;
  const sampling = samplingFields(request, settings, model);
  Object.assign(body, sampling.fields);
  let degradation: Degradation | undefined = sampling.degradation;
  if (sampling.reasoning_effort !== undefined) {
    // On OpenAI, ask for reasoning summaries too: they are what a UI can show of the reasoning.
    body.reasoning = settings.knows_models
      ? { effort: sampling.reasoning_effort, summary: "auto" }
      : { effort: sampling.reasoning_effort };
  }
  if (settings.knows_models && !settings.store && settings.is_reasoning_model(model)) {
    // Without a stored response, a reasoning model's state comes back only as encrypted content.
    body.include = ["reasoning.encrypted_content"];
  }
  if (request.stop !== undefined && request.stop.length > 0) {
    degradation ??= { requested: "stop sequences", actual: "none", reason: "the Responses API has no stop parameter" };
  }
  return { body, model, degradation };
}

/** Our messages → Responses API input items. */
export function toResponsesInput(messages: readonly Message[], developerRole = true): ResponsesItem[] {
  const items: ResponsesItem[] = [];
  messages.forEach((message, index) => {
    switch (message.role) {
      case "system":
        items.push({ type: "message", role: "system", content: textOf(message.content) });
        return;
      case "developer":
        items.push({ type: "message", role: developerRole ? "developer" : "system", content: textOf(message.content) });
        return;
      case "assistant":
        items.push(...assistantItems(message));
        return;
      case "tool":
      case "function":
        items.push(callOutput(message.tool_call_id ?? "", textOf(message.content)));
        return;
      case "user":
        items.push(...userItems(message, ["messages", index]));
        return;
    }
  });
  return items;
}

function callOutput(callId: string, output: string): ResponsesItem {
  return { type: "function_call_output", call_id: callId, output };
}

function userItems(message: Message, path: IssuePath): ResponsesItem[] {
  if (typeof message.content === "string") return [{ type: "message", role: "user", content: message.content }];
  const results: ResponsesItem[] = [];
  const parts: Record<string, unknown>[] = [];
  message.content.forEach((block: ContentBlock, position) => {
    if (block.type === "tool_result") results.push(callOutput(block.tool_call_id, toolOutputText(block.output)));
    else if (block.type === "text") parts.push({ type: "input_text", text: block.text });
    else if (block.type === "image") {
      const source = readImageSource(block.source, [...path, "content", position, "source"]);
      parts.push({ type: "input_image", image_url: imageUrl(source), detail: "auto" });
    }
  });
  return parts.length === 0 ? results : [...results, { type: "message", role: "user", content: parts }];
}

/** Reasoning state, text and tool calls of an assistant message, in the order the model produced them. */
function assistantItems(message: Message): ResponsesItem[] {
  const items: ResponsesItem[] = [];
  const seen = new Set<string>();
  let text = "";
  const flushText = (): void => {
    if (text !== "") items.push({ type: "message", role: "assistant", content: text });
    text = "";
  };
  for (const block of blocksOf(message.content)) {
    if (block.type === "text") text += block.text;
    const reasoning = block.type === "thinking" ? reasoningItem(block.content, block.thinking) : undefined;
    if (reasoning) {
      flushText();
      items.push(reasoning);
    }
    if (block.type === "tool_call") {
      flushText();
      seen.add(block.id);
      items.push(functionCall(block.id, block.name, block.input));
    }
  }
  flushText();
  for (const call of message.tool_calls ?? []) {
    if (!seen.has(call.id)) items.push(functionCall(call.id, call.tool, call.arguments));
  }
  return items;
}

function functionCall(callId: string, name: string, input: Record<string, unknown>): ResponsesItem {
  return { type: "function_call", call_id: callId, name, arguments: JSON.stringify(input) };
}

/**
 * The reasoning item of a thinking block whose `content` holds `[encrypted_content, reasoning_id]`.
 * Only encrypted state is sent back: an id alone points at a response that was not stored.
 */
function reasoningItem(state: unknown, summary: string): ResponsesItem | undefined {
  if (!Array.isArray(state)) return undefined;
  const [encrypted, id] = state as unknown[];
  if (typeof encrypted !== "string" || encrypted === "" || typeof id !== "string") return undefined;
  return {
    type: "reasoning",
    id,
    summary: summary === "" ? [] : [{ type: "summary_text", text: summary }],
    encrypted_content: encrypted,
  };
}
