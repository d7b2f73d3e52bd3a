/** The scripted, deterministic provider behind `provider-mock`. */
import type { CompleteOptions, HookRegistryContract, Provider } from "../../contracts.ts";
import type { KernelError } from "../../errors.ts";
import { LLM_REQUEST, LLM_RESPONSE } from "../../hooks/events.ts";
import {
  type ChatRequest,
  type ChatResponse,
  type ContentBlock,
  llmError,
  type ModelInfo,
  type ProviderInfo,
  type StreamEvent,
  type ToolCall,
  type Usage,
} from "../../models/index.ts";
import { defaultStep } from "./default-responder.ts";
import type { MockProviderConfig, ScriptStep } from "./script.ts";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let index = 0; index < text.length; index += size) out.push(text.slice(index, index + size));
  return out;
}

function throwIfAborted(signal: AbortSignal | undefined, name: string): void {
  if (signal?.aborted)
    throw llmError("aborted", `${name}: the request was cancelled`, { provider: name, retryable: false });
}

/** A provider that answers from a script (or the default conversation), identically every run. */
export class MockProvider implements Provider {
  readonly name: string;
  readonly priority?: number;
  /** Every request received, in order (tests inspect what the loop sent). */
  readonly requests: ChatRequest[] = [];
  #step = 0;
  #callCounter = 0;
  #lastStep: ScriptStep | undefined;

  constructor(
    private readonly config: MockProviderConfig,
    private readonly hooks?: HookRegistryContract,
  ) {
    this.name = config.name;
    if (config.priority !== undefined) this.priority = config.priority;
  }

  get_info(): ProviderInfo {
    return {
      id: "mock",
      display_name: "Mock provider (scripted, offline)",
      credential_env_vars: [],
      capabilities: ["tools", "streaming", "thinking"],
      defaults: {
        model: this.config.model,
        context_window: this.config.context_window,
        max_output_tokens: this.config.max_output_tokens,
      },
      config_fields: [],
    };
  }

  get_model_info(): ModelInfo {
    return {
      id: this.config.model,
      display_name: `Mock model ${this.config.model}`,
      context_window: this.config.context_window,
      max_output_tokens: this.config.max_output_tokens,
      capabilities: ["tools", "streaming", "thinking"],
    };
  }

  async list_models(): Promise<ModelInfo[]> {
    return [this.get_model_info()];
  }

  parse_tool_calls(response: ChatResponse): ToolCall[] {
    return response.tool_calls ?? [];
  }

  async complete(request: ChatRequest, options: CompleteOptions = {}): Promise<ChatResponse> {
    return this.#answer(request, options, false);
  }

  async *stream(request: ChatRequest, options: CompleteOptions = {}): AsyncGenerator<StreamEvent> {
    const response = await this.#answer(request, options, true);
    for (const event of this.#deltas(response)) {
      throwIfAborted(options.signal, this.name);
      yield event;
    }
  }

  /** The stream events of a response: deltas per block, usage, then `done`. */
  *#deltas(response: ChatResponse): Generator<StreamEvent> {
    const size = this.config.stream_chunk_size;
    for (const [index, block] of response.content.entries()) {
      if (block.type === "thinking") {
        for (const piece of chunks(block.thinking, size)) yield { type: "thinking_delta", index, thinking: piece };
        if (block.signature !== undefined)
          yield { type: "thinking_delta", index, thinking: "", signature: block.signature };
      } else if (block.type === "text") {
        for (const piece of chunks(block.text, size)) yield { type: "text_delta", index, text: piece };
      } else if (block.type === "tool_call") {
        yield { type: "tool_call_start", index, id: block.id, name: block.name };
        for (const piece of chunks(JSON.stringify(block.input), size)) {
          yield { type: "tool_call_delta", index, id: block.id, arguments_delta: piece };
        }
        yield { type: "tool_call_end", index, id: block.id, arguments: block.input };
      }
    }
    if (response.usage) yield { type: "usage", usage: response.usage };
    yield { type: "done", response };
  }

  #nextStep(request: ChatRequest): ScriptStep {
    const script = this.config.script;
    if (script && this.#step < script.length) {
      const step = script[this.#step++]!;
      this.#lastStep = step;
      return step;
    }
    if (script && this.config.when_exhausted === "repeat_last" && this.#lastStep) return this.#lastStep;
    if (script && this.config.when_exhausted === "error") {
      throw llmError(
        "invalid_request",
        `${this.name}: the script has no step ${this.#step + 1} (it has ${script.length})`,
        {
          provider: this.name,
          retryable: false,
        },
      );
    }
    return defaultStep(request);
  }

  async #answer(request: ChatRequest, options: CompleteOptions, streaming: boolean): Promise<ChatResponse> {
    throwIfAborted(options.signal, this.name);
    this.requests.push(request);
    await this.hooks?.emit(LLM_REQUEST, {
      provider: this.name,
      model: this.config.model,
      message_count: request.messages.length,
      tool_count: request.tools?.length ?? 0,
      stream: streaming,
    });
    const step = this.#nextStep(request);
    if (step.error) {
      const error = this.#errorOf(step);
      await this.hooks?.emit(LLM_RESPONSE, {
        provider: this.name,
        model: this.config.model,
        status: "error",
        duration_ms: 0,
        error: error.message,
      });
      throw error;
    }
    const response = this.#responseOf(step, request);
    await this.hooks?.emit(LLM_RESPONSE, {
      provider: this.name,
      model: this.config.model,
      status: "ok",
      duration_ms: 0,
      usage: { input_tokens: response.usage?.input_tokens ?? 0, output_tokens: response.usage?.output_tokens ?? 0 },
    });
    return response;
  }

  #errorOf(step: ScriptStep): KernelError {
    const spec = step.error!;
    const defaults: Record<string, string> = {
      rate_limit: "rate limited (scripted)",
      context_length: "the request exceeds the model's context window (scripted)",
      invalid_tool_call: "the model produced a malformed tool call (scripted)",
    };
    const message = `${this.name}: ${spec.message ?? defaults[spec.kind] ?? `${spec.kind} (scripted)`}`;
    return llmError(spec.kind, message, {
      provider: this.name,
      model: this.config.model,
      ...(spec.retry_after !== undefined ? { retry_after: spec.retry_after } : {}),
      ...(spec.status_code !== undefined ? { status_code: spec.status_code } : {}),
      ...(spec.retryable !== undefined ? { retryable: spec.retryable } : {}),
    });
  }

  #responseOf(step: ScriptStep, request: ChatRequest): ChatResponse {
    const content: ContentBlock[] = [];
    if (step.thinking !== undefined) {
      content.push(
        step.signature !== undefined
          ? { type: "thinking", thinking: step.thinking, signature: step.signature }
          : { type: "thinking", thinking: step.thinking },
      );
    }
    if (step.text !== undefined) content.push({ type: "text", text: step.text });
    const tool_calls: ToolCall[] = (step.tool_calls ?? []).map((call) => ({
      id: call.id ?? `mock_call_${++this.#callCounter}`,
      name: call.name,
      arguments: call.arguments as Record<string, unknown>,
    }));
    for (const call of tool_calls) {
      content.push({
        type: "tool_call",
        id: call.id,
        name: call.name,
        input: isRecord(call.arguments) ? call.arguments : {},
      });
    }
    const outputChars = (step.text?.length ?? 0) + (step.thinking?.length ?? 0) + JSON.stringify(tool_calls).length;
    const usage: Usage = step.usage
      ? { ...step.usage, total_tokens: step.usage.input_tokens + step.usage.output_tokens }
      : estimateUsage(request, outputChars);
    const response: ChatResponse = {
      content,
      usage,
      finish_reason: step.finish_reason ?? (tool_calls.length > 0 ? "tool_use" : "end_turn"),
    };
    if (tool_calls.length > 0) response.tool_calls = tool_calls;
    if (step.response_id !== undefined) response.metadata = { response_id: step.response_id, model: this.config.model };
    return response;
  }
}

function estimateUsage(request: ChatRequest, outputChars: number): Usage {
  const input_tokens = Math.ceil(JSON.stringify(request.messages).length / 4);
  const output_tokens = Math.ceil(outputChars / 4);
  return { input_tokens, output_tokens, total_tokens: input_tokens + output_tokens };
}
