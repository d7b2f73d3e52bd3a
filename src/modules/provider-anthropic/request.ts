/**
 * ChatRequest → Anthropic Messages API request body. System messages go to `system`; tool results
 * become `tool_result` blocks of the next user turn (first in it, as the API requires); thinking
 * blocks go back with their signatures; prompt-cache breakpoints mark the system prompt, the tool
 * list and the newest turn.
 */

import type { IssuePath } from "../../issues.ts";
import type { ChatRequest, ContentBlock, Degradation, Message } from "../../models/index.ts";
import {
  blocksOf,
  objectSchema,
  readImageSource,
  readToolChoice,
  textOf,
  toolOutputText,
} from "../providers-shared/message-parts.ts";

/** An Anthropic content block as sent. */
export type AnthropicBlock = Record<string, unknown> & { type: string };

/** An Anthropic message as sent. */
export interface AnthropicMessage {
  role: "user" | "assistant";
  content: AnthropicBlock[];
}

/** The settings the conversion needs. */
export interface AnthropicRequestSettings {
  readonly model: string;
  readonly max_tokens: number;
  readonly model_max_output: number;
  readonly temperature?: number | undefined;
  readonly prompt_caching: boolean;
  /** Thinking budget when thinking is on (extended_thinking, or a reasoning_effort). */
  readonly thinking_budget: number;
}

/** The prepared call: the body plus what the response conversion must know. */
export interface AnthropicPrepared {
  readonly body: Record<string, unknown>;
  readonly model: string;
  /** Name of the synthetic tool that carries a JSON answer (response_format), if any. */
  readonly json_tool?: string | undefined;
  readonly degradation?: Degradation | undefined;
}

/** The synthetic tool through which a `response_format` JSON answer is asked for. */
export const JSON_TOOL_NAME = "json_response";

const EPHEMERAL = { type: "ephemeral" } as const;
const EFFORT_BUDGET: Record<string, number> = { low: 2048, medium: 8192, high: 24_576 };

/** Builds the request body for one call. */
export function toAnthropicRequest(
  request: ChatRequest,
  settings: AnthropicRequestSettings,
  options: { extended_thinking?: boolean | undefined },
): AnthropicPrepared {
  const model = request.model ?? settings.model;
  const system = request.messages
    .filter((message) => message.role === "system" || message.role === "developer")
    .map((message) => textOf(message.content))
    .filter((text) => text !== "");
  const messages = toAnthropicMessages(request.messages.filter((m) => m.role !== "system" && m.role !== "developer"));
  const body: Record<string, unknown> = {
    model,
    max_tokens: request.max_output_tokens ?? settings.max_tokens,
    messages,
  };
  if (system.length > 0) body.system = [{ type: "text", text: system.join("\n\n") }];

  const tools: Record<string, unknown>[] = (request.tools ?? []).map((tool) => ({
    name: tool.name,
    ...(tool.description === undefined ? {} : { description: tool.description }),
    input_schema: objectSchema(tool.parameters),
  }));
  let choice = request.tool_choice === undefined ? undefined : readToolChoice(request.tool_choice);
  let json_tool: string | undefined;
  const format = request.response_format;
  if (format && format.type !== "text") {
    json_tool = JSON_TOOL_NAME;
    const schema = format.type === "json_schema" ? objectSchema(format.schema) : { type: "object" };
    tools.push({
      name: JSON_TOOL_NAME,
      description: "Give the final answer as JSON matching the schema.",
      input_schema: schema,
    });
    if (tools.length === 1) choice = { mode: "tool", name: JSON_TOOL_NAME };
  }

  let degradation: Degradation | undefined;
  const effort = request.reasoning_effort;
  const thinking = options.extended_thinking === true || (effort !== undefined && effort in EFFORT_BUDGET);
  if (thinking) {
    const budget = effort !== undefined && effort in EFFORT_BUDGET ? EFFORT_BUDGET[effort]! : settings.thinking_budget;
    // The API needs max_tokens above the thinking budget, and allows only auto/none tool choice.
    body.max_tokens = Math.min(settings.model_max_output, Math.max(body.max_tokens as number, budget + 4096));
    body.thinking = { type: "enabled", budget_tokens: Math.min(budget, (body.max_tokens as number) - 1024) };
    if (choice?.mode === "required" || choice?.mode === "tool") {
      degradation = {
        requested: `tool_choice ${choice.mode}`,
        actual: "tool_choice auto",
        reason: "extended thinking allows only auto or none",
      };
      choice = { mode: "auto" };
    }
  } else {
    const temperature = request.temperature ?? settings.temperature;
    if (temperature !== undefined) body.temperature = temperature;
    if (request.top_p !== undefined) body.top_p = request.top_p;
  }
  if (request.stop !== undefined && request.stop.length > 0) body.stop_sequences = request.stop;
  if (tools.length > 0) {
    if (settings.prompt_caching) tools[tools.length - 1] = { ...tools[tools.length - 1], cache_control: EPHEMERAL };
    body.tools = tools;
  }
  if (choice)
    body.tool_choice =
      choice.mode === "required"
        ? { type: "any" }
        : choice.mode === "tool"
          ? { type: "tool", name: choice.name }
          : { type: choice.mode };
  if (settings.prompt_caching) addCacheBreakpoints(body, messages);
  return { body, model, json_tool, degradation };
}

/** Non-system messages → alternating Anthropic turns; tool results join the following user turn. */
export function toAnthropicMessages(messages: readonly Message[]): AnthropicMessage[] {
  const turns: AnthropicMessage[] = [];
  messages.forEach((message, index) => {
    const path = ["messages", index];
    if (message.role === "assistant") {
      push(turns, "assistant", assistantBlocks(message));
    } else if (message.role === "tool" || message.role === "function") {
      push(turns, "user", [toolResult(message.tool_call_id ?? "", textOf(message.content), message)]);
    } else {
      push(
        turns,
        "user",
        blocksOf(message.content).flatMap((block, position) => userBlock(block, [...path, "content", position])),
      );
    }
  });
  return turns.filter((turn) => turn.content.length > 0);
}

function push(turns: AnthropicMessage[], role: "user" | "assistant", content: AnthropicBlock[]): void {
  const last = turns[turns.length - 1];
  if (last && last.role === role) {
    last.content.push(...content);
    // Tool results must open the user turn that answers the tool calls.
    if (role === "user") last.content.sort((a, b) => rank(a) - rank(b));
    return;
  }
  turns.push({ role, content: [...content] });
}

function rank(block: AnthropicBlock): number {
  return block.type === "tool_result" ? 0 : 1;
}

/** A `tool_result` block; a failed tool (`success: false` on the message or block) is sent with `is_error`. */
function toolResult(id: string, text: string, source: Record<string, unknown>): AnthropicBlock {
  const block: AnthropicBlock = { type: "tool_result", tool_use_id: id, content: text };
  if (source.success === false || source.is_error === true) block.is_error = true;
  return block;
}

function userBlock(block: ContentBlock, path: IssuePath): AnthropicBlock[] {
  switch (block.type) {
    case "text":
      return block.text === "" ? [] : [{ type: "text", text: block.text }];
    case "image": {
      const source = readImageSource(block.source, [...path, "source"]);
      return [
        {
          type: "image",
          source:
            source.kind === "url"
              ? { type: "url", url: source.url }
              : { type: "base64", media_type: source.media_type, data: source.data },
        },
      ];
    }
    case "tool_result":
      return [toolResult(block.tool_call_id, toolOutputText(block.output), block)];
    default:
      // Thinking and tool calls only make sense in assistant turns.
      return [];
  }
}

function assistantBlocks(message: Message): AnthropicBlock[] {
  const blocks: AnthropicBlock[] = [];
  const seen = new Set<string>();
  for (const block of blocksOf(message.content)) {
    if (block.type === "text" && block.text !== "") blocks.push({ type: "text", text: block.text });
    // A thinking block without a signature (from another provider) cannot be replayed to Claude.
    if (block.type === "thinking" && block.signature !== undefined) {
      blocks.push({ type: "thinking", thinking: block.thinking, signature: block.signature });
    }
    if (block.type === "redacted_thinking") blocks.push({ type: "redacted_thinking", data: block.data });
    if (block.type === "tool_call") {
      seen.add(block.id);
      blocks.push({ type: "tool_use", id: block.id, name: block.name, input: block.input });
    }
  }
  for (const call of message.tool_calls ?? []) {
    if (!seen.has(call.id)) blocks.push({ type: "tool_use", id: call.id, name: call.tool, input: call.arguments });
  }
  return blocks;
}

function addCacheBreakpoints(body: Record<string, unknown>, messages: AnthropicMessage[]): void {
  const system = body.system as AnthropicBlock[] | undefined;
  if (system?.[0]) system[0] = { ...system[0], cache_control: EPHEMERAL };
  const last = messages[messages.length - 1];
  const block = last?.content[last.content.length - 1];
  if (last && block && (block.type === "text" || block.type === "tool_result" || block.type === "image")) {
    last.content[last.content.length - 1] = { ...block, cache_control: EPHEMERAL };
  }
}
