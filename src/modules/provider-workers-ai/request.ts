/**
 * ChatRequest → the inputs of `env.AI.run(model, inputs)` for text-generation models: OpenAI-shaped
 * messages with string content, tools in the OpenAI shape (or the legacy flat shape), JSON mode.
 */
import type { ChatRequest, Degradation } from "../../models/index.ts";
import { toOpenAiMessages } from "../provider-openai/request.ts";
import { objectSchema } from "../providers-shared/message-parts.ts";

/** The settings the conversion needs. */
export interface WorkersAiRequestSettings {
  readonly model: string;
  readonly max_tokens: number;
  readonly temperature?: number | undefined;
  /** `openai`: `{type:"function", function:{...}}`; `legacy`: `{name, description, parameters}`. */
  readonly tool_format: "openai" | "legacy";
  /** False when the catalogue says the model cannot call tools. */
  readonly supports_tools: (model: string) => boolean;
}

/** The prepared call. */
export interface WorkersAiPrepared {
  readonly model: string;
  readonly inputs: Record<string, unknown>;
  readonly degradation?: Degradation | undefined;
}

/** Builds the inputs for one call (without `stream`). */
export function toWorkersAiInputs(request: ChatRequest, settings: WorkersAiRequestSettings): WorkersAiPrepared {
  const model = request.model ?? settings.model;
  let degradation: Degradation | undefined;
  const names = new Map<string, string>();
  const messages = toOpenAiMessages(request.messages, false).map((message) => {
    for (const call of (message.tool_calls as { id: string; function: { name: string } }[] | undefined) ?? []) {
      names.set(call.id, call.function.name);
    }
    if (message.role === "tool") {
      const name = names.get(String(message.tool_call_id));
      return name === undefined ? message : { ...message, name };
    }
    if (!Array.isArray(message.content)) return message.content === null ? { ...message, content: "" } : message;
    // Text models take string content only; images are left out and reported.
    const parts = message.content as { type: string; text?: string }[];
    if (parts.some((part) => part.type !== "text")) {
      degradation = { requested: "image input", actual: "text only", reason: `${model} takes text content only` };
    }
    const text = parts.flatMap((part) => (part.type === "text" && part.text ? [part.text] : [])).join("\n\n");
    return { ...message, content: text };
  });
  const inputs: Record<string, unknown> = { messages, max_tokens: request.max_output_tokens ?? settings.max_tokens };
  const tools = request.tools ?? [];
  if (tools.length > 0 && settings.supports_tools(model)) {
    inputs.tools = tools.map((tool) => {
      const fn = {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        parameters: objectSchema(tool.parameters),
      };
      return settings.tool_format === "legacy" ? fn : { type: "function", function: fn };
    });
  } else if (tools.length > 0) {
    degradation = {
      requested: `${tools.length} tools`,
      actual: "no tools",
      reason: `${model} does not support tool calling`,
    };
  }
  const format = request.response_format;
  if (format?.type === "json") inputs.response_format = { type: "json_object" };
  if (format?.type === "json_schema") inputs.response_format = { type: "json_schema", json_schema: format.schema };
  const temperature = request.temperature ?? settings.temperature;
  if (temperature !== undefined) inputs.temperature = temperature;
  if (request.top_p !== undefined) inputs.top_p = request.top_p;
  return { model, inputs, degradation };
}
