/** The Provider object every built-in provider returns: the contract's methods over one WireAdapter. */
import type { CompleteOptions, Provider } from "../../contracts.ts";
import type { ChatRequest, ChatResponse, ModelInfo, ProviderInfo, StreamEvent, ToolCall } from "../../models/index.ts";
import { type CallSettings, runComplete, runCountTokens, runStream, type WireAdapter } from "./call-runner.ts";

/** What makes one provider. */
export interface ProviderParts<P> {
  readonly name: string;
  readonly priority?: number | undefined;
  readonly info: ProviderInfo;
  /** The catalogue `list_models()` returns. */
  readonly models: readonly ModelInfo[];
  /** The model in use, for context budgets. */
  readonly model_info: ModelInfo;
  readonly settings: CallSettings;
  readonly adapter: WireAdapter<P>;
}

/** The tool calls of a response: `tool_calls`, else its tool_call blocks. */
export function parseToolCalls(response: ChatResponse): ToolCall[] {
  if (response.tool_calls && response.tool_calls.length > 0) return response.tool_calls;
  return response.content
    .filter((block) => block.type === "tool_call")
    .map((block) =>
      block.incomplete
        ? { id: block.id, name: block.name, arguments: block.input, incomplete: true }
        : { id: block.id, name: block.name, arguments: block.input },
    );
}

/** Builds the Provider. */
export function createProviderObject<P>(parts: ProviderParts<P>): Provider {
  const provider: Provider = {
    name: parts.name,
    get_info: () => parts.info,
    list_models: async () => parts.models.map((model) => ({ ...model })),
    complete: (request: ChatRequest, options?: CompleteOptions) =>
      runComplete(parts.settings, parts.adapter, request, callOptions(options)),
    stream: (request: ChatRequest, options?: CompleteOptions): AsyncIterable<StreamEvent> =>
      runStream(parts.settings, parts.adapter, request, callOptions(options)),
    parse_tool_calls: parseToolCalls,
    get_model_info: () => ({ ...parts.model_info }),
    get_token_ratio: () => parts.settings.calibration?.ratio ?? 1,
  };
  if (parts.adapter.countTokens) {
    provider.count_tokens = (request: ChatRequest, options?: CompleteOptions) =>
      runCountTokens(parts.settings, parts.adapter, request, callOptions(options));
  }
  return parts.priority === undefined ? provider : { ...provider, priority: parts.priority };
}

function callOptions(options: CompleteOptions | undefined) {
  return { signal: options?.signal, extended_thinking: options?.extended_thinking };
}
