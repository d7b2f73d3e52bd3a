/** The OpenAI provider: config, the Chat Completions and Responses API adapters, and the factory. */
import { z } from "zod";
import type { Provider } from "../../contracts.ts";
import { KernelError } from "../../errors.ts";
import type { ModelInfo } from "../../models/index.ts";
import type { WireAdapter } from "../providers-shared/call-runner.ts";
import {
  baseProviderConfigShape,
  joinUrl,
  resolveModelInfo,
  standardConfigFields,
} from "../providers-shared/config.ts";
import { callSettings, type ProviderFactoryOptions, resolveFetch } from "../providers-shared/factory-options.ts";
import { jsonWireCalls } from "../providers-shared/json-wire.ts";
import { createProviderObject } from "../providers-shared/provider-object.ts";
import { parseModuleConfig } from "../shared/config.ts";
import { openAiHttpError } from "./errors.ts";
import { DEFAULT_OPENAI_MODEL, findOpenAiModel, isReasoningModel, OPENAI_MODELS } from "./models.ts";
import { type OpenAiPrepared, type OpenAiRequestSettings, streamFields, toOpenAiRequest } from "./request.ts";
import { fromOpenAiResponse } from "./response.ts";
import { toResponsesRequest } from "./responses-request.ts";
import { fromResponsesResponse } from "./responses-response.ts";
import { translateResponsesStream } from "./responses-stream.ts";
import { translateOpenAiStream } from "./stream.ts";

/** The module id. */
export const OPENAI_MODULE_ID = "provider-openai";
/** The official endpoint. */
export const OPENAI_BASE_URL = "https://api.openai.com/v1";
const OPENAI_HOST = "api.openai.com";

/** Config of provider-openai. */
export const openAiConfigSchema = z.strictObject({
  ...baseProviderConfigShape,
  /** `OpenAI-Organization` header. */
  organization: z.string().min(1).optional(),
  /** `OpenAI-Project` header. */
  project: z.string().min(1).optional(),
  /**
   * What the server is: `openai` (OpenAI's own rules: model catalogue, max_completion_tokens, the
   * developer role, no temperature for reasoning models) or `compatible` (plain Chat Completions).
   * Default: `openai` for api.openai.com, else `compatible` (set `openai` for a proxy of OpenAI).
   */
  server: z.enum(["openai", "compatible"]).optional(),
  /** Which field carries the output limit (default: `max_completion_tokens` on OpenAI, else `max_tokens`). */
  max_tokens_field: z.enum(["max_tokens", "max_completion_tokens"]).optional(),
  /** Send developer messages with the `developer` role (default: on OpenAI only). */
  developer_role: z.boolean().optional(),
  /** Ask for the usage chunk at the end of a stream (default true; Chat Completions only). */
  stream_usage: z.boolean().optional(),
  /**
   * Which API: `chat` (Chat Completions, `POST /chat/completions`, the default) or `responses`
   * (the Responses API, `POST /responses`: OpenAI's primary API for reasoning models, also served by
   * LM Studio and vLLM).
   */
  api: z.enum(["chat", "responses"]).optional(),
  /** Responses API: keep responses on the server (default false: each request carries the whole view). */
  store: z.boolean().optional(),
});

/** Config of provider-openai, parsed. */
export type OpenAiConfig = z.output<typeof openAiConfigSchema>;

/** The ConfigFields shown by setup UIs. */
export const OPENAI_CONFIG_FIELDS = standardConfigFields({
  env_var: "OPENAI_API_KEY",
  default_model: DEFAULT_OPENAI_MODEL,
  default_base_url: OPENAI_BASE_URL,
  api_key_required: false,
  models: OPENAI_MODELS.map((model) => model.id),
});

/**
 * Creates the OpenAI (or OpenAI-compatible) provider from its config.
 *
 * @throws KernelError `invalid_config` naming the bad path; also when `api_key` is missing for
 * api.openai.com, or `model` is missing for another server (its model names are its own).
 * @example
 * const local = createOpenAiProvider({ base_url: "http://127.0.0.1:11434/v1", model: "qwen3:8b", context_window: 32768 });
 */
export function createOpenAiProvider(config: unknown, options: ProviderFactoryOptions = {}): Provider {
  const parsed = parseModuleConfig(OPENAI_MODULE_ID, openAiConfigSchema, config);
  const baseUrl = parsed.base_url ?? OPENAI_BASE_URL;
  const official = new URL(baseUrl).host === OPENAI_HOST;
  const native = (parsed.server ?? (official ? "openai" : "compatible")) === "openai";
  if (official && parsed.api_key === undefined)
    throw missing("api_key", `is required for ${OPENAI_BASE_URL} (set api_key: \${OPENAI_API_KEY} in the plan)`);
  if (!official && !native && parsed.model === undefined)
    throw missing("model", `is required for an OpenAI-compatible server (${baseUrl})`);
  const name = "openai";
  const model = parsed.model ?? DEFAULT_OPENAI_MODEL;
  const modelInfo = (id: string): ModelInfo =>
    resolveModelInfo(id, native ? findOpenAiModel(id) : undefined, parsed, {
      context_window: 8192,
      max_output_tokens: 4096,
    });
  const requestSettings: OpenAiRequestSettings = {
    model,
    max_tokens: parsed.max_tokens,
    max_tokens_field: parsed.max_tokens_field ?? (native ? "max_completion_tokens" : "max_tokens"),
    temperature: parsed.temperature,
    developer_role: parsed.developer_role ?? native,
    stream_usage: parsed.stream_usage ?? true,
    is_reasoning_model: native ? isReasoningModel : () => false,
    knows_models: native,
  };
  const fetch = resolveFetch(parsed.fetch, options);
  const headers: Record<string, string> = { ...parsed.headers };
  if (parsed.api_key !== undefined) headers.authorization = `Bearer ${parsed.api_key}`;
  if (parsed.organization !== undefined) headers["openai-organization"] = parsed.organization;
  if (parsed.project !== undefined) headers["openai-project"] = parsed.project;
  const responses = parsed.api === "responses";
  const wire = { name, fetch, headers, now: options.now, describeFailure: openAiHttpError };
  const adapter: WireAdapter<OpenAiPrepared> = responses
    ? {
        prepare: (request) => toResponsesRequest(request, { ...requestSettings, store: parsed.store ?? false }),
        model: (prepared) => prepared.model,
        ...jsonWireCalls({
          ...wire,
          url: joinUrl(baseUrl, "responses"),
          fromResponse: fromResponsesResponse,
          streamFields: () => ({ stream: true }),
          translateStream: translateResponsesStream,
          // OpenAI counts input tokens at /responses/input_tokens; compatible servers have no such endpoint.
          count: native ? { url: joinUrl(baseUrl, "responses/input_tokens"), body: inputTokensBody } : undefined,
        }),
      }
    : {
        prepare: (request) => toOpenAiRequest(request, requestSettings),
        model: (prepared) => prepared.model,
        ...jsonWireCalls({
          ...wire,
          url: joinUrl(baseUrl, "chat/completions"),
          fromResponse: fromOpenAiResponse,
          streamFields: () => streamFields(requestSettings),
          translateStream: translateOpenAiStream,
        }),
      };

  return createProviderObject({
    name,
    priority: parsed.priority,
    info: {
      id: OPENAI_MODULE_ID,
      display_name: native ? "OpenAI" : `OpenAI-compatible (${new URL(baseUrl).host})`,
      credential_env_vars: ["OPENAI_API_KEY"],
      capabilities: ["tools", "streaming", "vision", "json_mode"],
      defaults: {
        model,
        context_window: modelInfo(model).context_window,
        max_output_tokens: modelInfo(model).max_output_tokens,
      },
      config_fields: OPENAI_CONFIG_FIELDS.map((field) => ({ ...field })),
    },
    models: native ? OPENAI_MODELS : [modelInfo(model)],
    model_info: modelInfo(model),
    settings: callSettings(name, parsed, options, { timeout_ms: 600_000 }),
    adapter,
  });
}

// The fields POST /responses/input_tokens takes (no output settings, no storage).
const COUNTED_FIELDS = [
  "model",
  "input",
  "instructions",
  "tools",
  "tool_choice",
  "text",
  "reasoning",
  "parallel_tool_calls",
];

function inputTokensBody(prepared: OpenAiPrepared): Record<string, unknown> {
  return Object.fromEntries(Object.entries(prepared.body).filter(([key]) => COUNTED_FIELDS.includes(key)));
}

function missing(field: string, detail: string): KernelError {
  return new KernelError("invalid_config", `${OPENAI_MODULE_ID}: config.${field} ${detail}`, {
    issues: [{ path: ["config", field], message: "required", code: "invalid_type" }],
    data: { module_id: OPENAI_MODULE_ID },
  });
}
