/** The Workers AI provider: config, the binding adapter, and the factory. */
import { z } from "zod";
import type { Coordinator, Provider } from "../../contracts.ts";
import { KernelError } from "../../errors.ts";
import type { ChatResponse, ModelInfo, StreamEvent } from "../../models/index.ts";
import { cancelledError } from "../providers-shared/abort.ts";
import type { WireAdapter } from "../providers-shared/call-runner.ts";
import { baseProviderConfigShape, resolveModelInfo } from "../providers-shared/config.ts";
import { callSettings, type ProviderFactoryOptions } from "../providers-shared/factory-options.ts";
import { createProviderObject } from "../providers-shared/provider-object.ts";
import { readServerSentEvents } from "../providers-shared/sse.ts";
import { parseModuleConfig } from "../shared/config.ts";
import { isWorkersAiBinding, type WorkersAiBinding, workersAiError } from "./binding.ts";
import { DEFAULT_WORKERS_AI_MODEL, findWorkersAiModel, WORKERS_AI_MODELS } from "./models.ts";
import { toWorkersAiInputs, type WorkersAiPrepared } from "./request.ts";
import { fromWorkersAiResult } from "./response.ts";
import { translateWorkersAiStream } from "./stream.ts";

/** The module id. */
export const WORKERS_AI_MODULE_ID = "provider-workers-ai";
/** The coordinator capability a host may register the `AI` binding under instead of putting it in config. */
export const WORKERS_AI_BINDING_CAPABILITY = "cloudflare.ai";

const base = baseProviderConfigShape;

/** Config of provider-workers-ai. The binding is an object, so it is set from code, not from YAML. */
export const workersAiConfigSchema = z.strictObject({
  model: base.model,
  max_tokens: base.max_tokens,
  temperature: base.temperature,
  max_retries: base.max_retries,
  timeout_ms: base.timeout_ms,
  context_window: base.context_window,
  max_output_tokens: base.max_output_tokens,
  priority: base.priority,
  debug: base.debug,
  /** The `AI` binding (`env.AI`); else the `cloudflare.ai` capability is used. */
  binding: z
    .custom<WorkersAiBinding>(isWorkersAiBinding, "expected the Workers AI binding (an object with run())")
    .optional(),
  /** Tool definitions in the OpenAI shape (default) or the legacy flat shape of older models. */
  tool_format: z.enum(["openai", "legacy"]).optional(),
  /** Third argument of `run()`, e.g. `{ gateway: { id: "my-gateway" } }` to go through AI Gateway. */
  run_options: z.record(z.string(), z.unknown()).optional(),
});

/** Config of provider-workers-ai, parsed. */
export type WorkersAiConfig = z.output<typeof workersAiConfigSchema>;

/** Factory options: the seams of every provider, plus the binding and the tool-call id source. */
export interface WorkersAiFactoryOptions extends ProviderFactoryOptions {
  readonly binding?: WorkersAiBinding | undefined;
  /** Ids for tool calls the model returns without one (default `call_<uuid>`). */
  readonly newId?: (() => string) | undefined;
}

/**
 * Creates the Workers AI provider.
 *
 * @throws KernelError `invalid_config` naming the bad path, or when no binding is given.
 * @example
 * // in a Worker
 * const provider = createWorkersAiProvider({ model: "@cf/meta/llama-3.3-70b-instruct-fp8-fast" }, { binding: env.AI });
 */
export function createWorkersAiProvider(config: unknown, options: WorkersAiFactoryOptions = {}): Provider {
  const parsed = parseModuleConfig(WORKERS_AI_MODULE_ID, workersAiConfigSchema, config);
  const binding = parsed.binding ?? options.binding;
  if (!binding) {
    throw new KernelError(
      "invalid_config",
      `${WORKERS_AI_MODULE_ID}: config.binding is required: pass env.AI as config.binding, or register it as the "${WORKERS_AI_BINDING_CAPABILITY}" capability`,
      {
        issues: [{ path: ["config", "binding"], message: "required", code: "invalid_type" }],
        data: { module_id: WORKERS_AI_MODULE_ID },
      },
    );
  }
  const name = "workers-ai";
  const model = parsed.model ?? DEFAULT_WORKERS_AI_MODEL;
  const newId = options.newId ?? (() => `call_${crypto.randomUUID()}`);
  const modelInfo = (id: string): ModelInfo =>
    resolveModelInfo(id, findWorkersAiModel(id), parsed, { context_window: 8192, max_output_tokens: 4096 });
  const settings = {
    model,
    max_tokens: Math.min(parsed.max_tokens ?? 2048, modelInfo(model).max_output_tokens),
    temperature: parsed.temperature,
    tool_format: parsed.tool_format ?? "openai",
    // Models the catalogue does not know are trusted to call tools.
    supports_tools: (id: string) => findWorkersAiModel(id)?.capabilities?.includes("tools") ?? true,
  } as const;

  const run = async (
    prepared: WorkersAiPrepared,
    inputs: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<unknown> => {
    if (signal.aborted) throw cancelledError(signal);
    let onAbort: (() => void) | undefined;
    // The binding takes no signal: the call is abandoned (a stream is cancelled by its reader).
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(cancelledError(signal));
      signal.addEventListener("abort", onAbort, { once: true });
    });
    try {
      return await Promise.race([binding.run(prepared.model, inputs, parsed.run_options), aborted]);
    } catch (error) {
      throw KernelError.is(error, "cancelled")
        ? error
        : workersAiError(error, { provider: name, model: prepared.model });
    } finally {
      if (onAbort) signal.removeEventListener("abort", onAbort);
    }
  };

  const adapter: WireAdapter<WorkersAiPrepared> = {
    prepare: (request) => toWorkersAiInputs(request, settings),
    model: (prepared) => prepared.model,
    async complete(prepared, attempt) {
      await attempt.raw("request", prepared.inputs);
      const result = await run(prepared, prepared.inputs, attempt.signal);
      await attempt.raw("response", result);
      return fromWorkersAiResult(result, prepared, name, newId);
    },
    async openStream(prepared, attempt) {
      const inputs = { ...prepared.inputs, stream: true };
      await attempt.raw("request", inputs);
      const result = await run(prepared, inputs, attempt.signal);
      if (!isReadableStream(result)) {
        // Models that cannot stream answer whole even when asked to stream.
        return responseAsEvents(fromWorkersAiResult(result, prepared, name, newId));
      }
      const context = { provider: name, model: prepared.model, signal: attempt.signal };
      return translateWorkersAiStream(readServerSentEvents(result, context), prepared, context, newId);
    },
  };

  return createProviderObject({
    name,
    priority: parsed.priority,
    info: {
      id: WORKERS_AI_MODULE_ID,
      display_name: "Cloudflare Workers AI",
      credential_env_vars: [],
      capabilities: ["tools", "streaming", "json_mode"],
      defaults: {
        model,
        context_window: modelInfo(model).context_window,
        max_output_tokens: modelInfo(model).max_output_tokens,
      },
      config_fields: WORKERS_AI_CONFIG_FIELDS.map((field) => ({ ...field })),
    },
    models: WORKERS_AI_MODELS,
    model_info: modelInfo(model),
    settings: callSettings(name, parsed, options, { timeout_ms: 300_000 }),
    adapter,
  });
}

/** The ConfigFields shown by setup UIs (no key: the binding carries the account). */
export const WORKERS_AI_CONFIG_FIELDS = [
  {
    id: "model",
    display_name: "Model",
    field_type: "choice" as const,
    prompt: "Workers AI model",
    choices: WORKERS_AI_MODELS.map((model) => model.id),
    required: false,
    default: DEFAULT_WORKERS_AI_MODEL,
    requires_model: true,
  },
  {
    id: "max_tokens",
    display_name: "Max output tokens",
    field_type: "text" as const,
    prompt: "Maximum tokens per answer",
    required: false,
  },
  {
    id: "temperature",
    display_name: "Temperature",
    field_type: "text" as const,
    prompt: "Sampling temperature (0–2)",
    required: false,
  },
];

/** The binding a mounted provider uses: config first, then the coordinator capability. */
export function bindingFrom(coordinator: Coordinator, config: Record<string, unknown>): WorkersAiBinding | undefined {
  if (config.binding !== undefined) return undefined;
  const capability = coordinator.get_capability(WORKERS_AI_BINDING_CAPABILITY);
  return isWorkersAiBinding(capability) ? capability : undefined;
}

async function* responseAsEvents(response: ChatResponse): AsyncGenerator<StreamEvent, void, undefined> {
  for (const [index, block] of response.content.entries()) {
    if (block.type === "text") yield { type: "text_delta", index, text: block.text };
    if (block.type === "tool_call") {
      yield { type: "tool_call_start", index, id: block.id, name: block.name };
      yield { type: "tool_call_end", index, id: block.id, arguments: block.input };
    }
  }
  if (response.usage) yield { type: "usage", usage: response.usage };
  yield { type: "done", response };
}

function isReadableStream(value: unknown): value is ReadableStream<Uint8Array> {
  return (
    typeof value === "object" && value !== null && typeof (value as { getReader?: unknown }).getReader === "function"
  );
}
