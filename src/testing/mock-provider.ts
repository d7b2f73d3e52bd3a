/**
 * A scripted, deterministic provider: each `complete()` returns the next scripted response
 * (a string, a ChatResponse, or a function of the request); `stream()` yields the same response
 * as deltas.
 */
import type { CompleteOptions, ModuleDefinition, Provider, StreamEvent } from "../contracts.ts";
import { KernelError } from "../errors.ts";
import type { ChatRequest, ChatResponse, ModelInfo, ProviderInfo, ToolCall } from "../models/index.ts";

/** One scripted step. */
export type ScriptedResponse = string | ChatResponse | ((request: ChatRequest) => ChatResponse | string);

/** Options of a MockProvider. */
export interface MockProviderOptions {
  name?: string;
  responses?: readonly ScriptedResponse[];
  /** What to do when the script runs out: repeat the last step (default) or fail. */
  whenExhausted?: "repeat_last" | "error";
  model?: Partial<ModelInfo>;
  priority?: number;
}

/** A text response. */
export function textResponse(text: string): ChatResponse {
  return { content: [{ type: "text", text }], usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 } };
}

/** A response that calls tools (`calls` as `[name, arguments]` or full ToolCalls). */
export function toolCallResponse(
  calls: readonly (ToolCall | readonly [string, Record<string, unknown>])[],
  text = "",
): ChatResponse {
  const toolCalls: ToolCall[] = calls.map((call, index) =>
    Array.isArray(call) ? { id: `call_${index + 1}`, name: call[0], arguments: call[1] } : (call as ToolCall),
  );
  return {
    content: [
      ...(text ? [{ type: "text" as const, text }] : []),
      ...toolCalls.map((call) => ({ type: "tool_call" as const, id: call.id, name: call.name, input: call.arguments })),
    ],
    tool_calls: toolCalls,
    usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 },
    finish_reason: "tool_use",
  };
}

/**
 * A scripted provider. `requests` records every request it received.
 *
 * @example
 * const provider = new MockProvider({ responses: [toolCallResponse([["calculator", { expression: "6*7" }]]), "42"] });
 */
export class MockProvider implements Provider {
  readonly name: string;
  readonly priority: number | undefined;
  readonly requests: ChatRequest[] = [];
  readonly #script: ScriptedResponse[];
  readonly #whenExhausted: "repeat_last" | "error";
  readonly #model: ModelInfo;
  #step = 0;

  constructor(options: MockProviderOptions = {}) {
    this.name = options.name ?? "mock";
    this.priority = options.priority;
    this.#script = [...(options.responses ?? ["Mock response"])];
    this.#whenExhausted = options.whenExhausted ?? "repeat_last";
    this.#model = {
      id: "mock-model",
      display_name: "Mock Model",
      context_window: 100_000,
      max_output_tokens: 4096,
      capabilities: ["tools", "streaming"],
      ...options.model,
    };
  }

  get_info(): ProviderInfo {
    return {
      id: this.name,
      display_name: "Mock Provider",
      credential_env_vars: [],
      capabilities: ["tools", "streaming"],
      defaults: {
        model: this.#model.id,
        context_window: this.#model.context_window,
        max_output_tokens: this.#model.max_output_tokens,
      },
      config_fields: [],
    };
  }

  async list_models(): Promise<ModelInfo[]> {
    return [this.#model];
  }

  get_model_info(): ModelInfo {
    return this.#model;
  }

  async complete(request: ChatRequest, options: CompleteOptions = {}): Promise<ChatResponse> {
    if (options.signal?.aborted) throw new KernelError("cancelled", `${this.name}: the request was cancelled.`);
    this.requests.push(structuredClone(request));
    const step = this.#next();
    const value = typeof step === "function" ? step(request) : step;
    return typeof value === "string" ? textResponse(value) : structuredClone(value);
  }

  parse_tool_calls(response: ChatResponse): ToolCall[] {
    if (response.tool_calls) return response.tool_calls;
    return response.content.flatMap((block) =>
      block.type === "tool_call" ? [{ id: block.id, name: block.name, arguments: block.input }] : [],
    );
  }

  async *stream(request: ChatRequest, options: CompleteOptions = {}): AsyncIterable<StreamEvent> {
    const response = await this.complete(request, options);
    for (const [index, block] of response.content.entries()) {
      if (block.type === "text") {
        for (const word of block.text.split(/(?<= )/)) yield { type: "text_delta", index, text: word };
      } else if (block.type === "thinking") {
        yield {
          type: "thinking_delta",
          index,
          thinking: block.thinking,
          ...(block.signature ? { signature: block.signature } : {}),
        };
      } else if (block.type === "tool_call") {
        yield { type: "tool_call_start", index, id: block.id, name: block.name };
        yield { type: "tool_call_delta", index, id: block.id, arguments_delta: JSON.stringify(block.input) };
        yield { type: "tool_call_end", index, id: block.id, arguments: block.input };
      }
    }
    if (response.usage) yield { type: "usage", usage: response.usage };
    yield { type: "done", response };
  }

  #next(): ScriptedResponse {
    const step = this.#script[this.#step];
    if (step !== undefined) {
      this.#step++;
      return step;
    }
    if (this.#whenExhausted === "error" || this.#script.length === 0) {
      throw new KernelError(
        "provider_failed",
        `${this.name}: the script has no response left (step ${this.#step + 1}).`,
        {
          data: { kind: "unknown", retryable: false, provider: this.name },
        },
      );
    }
    return this.#script[this.#script.length - 1]!;
  }
}

/** Module `provider-scripted`: mounts a MockProvider with `config.responses` (strings). */
export const scriptedProviderModule: ModuleDefinition = {
  id: "provider-scripted",
  type: "provider",
  description: "Scripted provider (tests).",
  async mount(coordinator, config) {
    const responses = Array.isArray(config.responses) ? (config.responses as ScriptedResponse[]) : undefined;
    const name = typeof config.name === "string" ? config.name : "scripted";
    const provider = new MockProvider({ name, ...(responses ? { responses } : {}) });
    await coordinator.mount("providers", provider, { name });
  },
};
