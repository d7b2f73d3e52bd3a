/** The Anthropic provider: config, the Messages API adapter, and the factory. */
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
import { anthropicHttpError } from "./errors.ts";
import { ANTHROPIC_MODELS, DEFAULT_ANTHROPIC_MODEL, findAnthropicModel } from "./models.ts";
import { type AnthropicPrepared, toAnthropicRequest } from "./request.ts";
import { fromAnthropicResponse } from "./response.ts";
import { translateAnthropicStream } from "./stream.ts";

/** The module id. */
export const ANTHROPIC_MODULE_ID = "provider-anthropic";
/** The official endpoint. */
export const ANTHROPIC_BASE_URL = "https://api.anthropic.com";
const API_VERSION = "2023-06-01";

/** Config of provider-anthropic. */
export const anthropicConfigSchema = z.strictObject({
  ...baseProviderConfigShape,
  /** Mark the system prompt, tools and newest turn as prompt-cache breakpoints (default true). */
  prompt_caching: z.boolean().optional(),
  /** Thinking budget in tokens when `extended_thinking` is asked without a `reasoning_effort`. */
  thinking_budget: z.number().int().min(1024).optional(),
  /** Values of the `anthropic-beta` header. */
  beta: z.array(z.string().min(1)).optional(),
  /**
   * Browser only: call api.anthropic.com directly, sending `anthropic-dangerous-direct-browser-access`.
   * The key is then visible to the page's user; prefer a proxy `base_url` that adds the key.
   */
  direct_browser_access: z.boolean().optional(),
});

/** Config of provider-anthropic, parsed. */
export type AnthropicConfig = z.output<typeof anthropicConfigSchema>;

/** The ConfigFields shown by setup UIs. */
export const ANTHROPIC_CONFIG_FIELDS = standardConfigFields({
  env_var: "ANTHROPIC_API_KEY",
  default_model: DEFAULT_ANTHROPIC_MODEL,
  default_base_url: ANTHROPIC_BASE_URL,
  api_key_required: true,
  models: ANTHROPIC_MODELS.map((model) => model.id),
});

/**
 * Creates the Anthropic provider from its config.
 *
 * @throws KernelError `invalid_config` naming the bad path; also when `api_key` is missing while
 * `base_url` is Anthropic's own (a proxy may add the key itself).
 * @example
 * const provider = createAnthropicProvider({ api_key: env.ANTHROPIC_API_KEY, model: "claude-sonnet-4-5" });
 * const response = await provider.complete({ messages: [{ role: "user", content: "Hello" }] });
 */
export function createAnthropicProvider(config: unknown, options: ProviderFactoryOptions = {}): Provider {
  const parsed = parseModuleConfig(ANTHROPIC_MODULE_ID, anthropicConfigSchema, config);
  const baseUrl = parsed.base_url ?? ANTHROPIC_BASE_URL;
  if (parsed.api_key === undefined && new URL(baseUrl).host === new URL(ANTHROPIC_BASE_URL).host) {
    throw new KernelError(
      "invalid_config",
      `${ANTHROPIC_MODULE_ID}: config.api_key is required for ${ANTHROPIC_BASE_URL} (set api_key: \${ANTHROPIC_API_KEY} in the plan)`,
      {
        issues: [{ path: ["config", "api_key"], message: "required", code: "invalid_type" }],
        data: { module_id: ANTHROPIC_MODULE_ID },
      },
    );
  }
  const name = "anthropic";
  const model = parsed.model ?? DEFAULT_ANTHROPIC_MODEL;
  const modelInfo = (id: string): ModelInfo =>
    resolveModelInfo(id, findAnthropicModel(id), parsed, { context_window: 200_000, max_output_tokens: 8192 });
  const fetch = resolveFetch(parsed.fetch, options);
  const headers: Record<string, string> = { ...parsed.headers, "anthropic-version": API_VERSION };
  if (parsed.api_key !== undefined) headers["x-api-key"] = parsed.api_key;
  if (parsed.beta && parsed.beta.length > 0) headers["anthropic-beta"] = parsed.beta.join(",");
  if (parsed.direct_browser_access) headers["anthropic-dangerous-direct-browser-access"] = "true";
  const url = joinUrl(baseUrl, "v1/messages");

  const adapter: WireAdapter<AnthropicPrepared> = {
    prepare: (request, callOptions) => {
      const info = modelInfo(request.model ?? model);
      return toAnthropicRequest(
        request,
        {
          model,
          max_tokens: Math.min(parsed.max_tokens ?? 8192, info.max_output_tokens),
          model_max_output: info.max_output_tokens,
          temperature: parsed.temperature,
          prompt_caching: parsed.prompt_caching ?? true,
          thinking_budget: parsed.thinking_budget ?? 8192,
        },
        callOptions,
      );
    },
    model: (prepared) => prepared.model,
    ...jsonWireCalls({
      name,
      fetch,
      url,
      headers,
      now: options.now,
      describeFailure: anthropicHttpError,
      fromResponse: fromAnthropicResponse,
      streamFields: () => ({ stream: true }),
      translateStream: translateAnthropicStream,
      count: { url: joinUrl(baseUrl, "v1/messages/count_tokens"), body: countTokensBody },
    }),
  };

  return createProviderObject({
    name,
    priority: parsed.priority,
    info: {
      id: ANTHROPIC_MODULE_ID,
      display_name: "Anthropic",
      credential_env_vars: ["ANTHROPIC_API_KEY"],
      capabilities: ["tools", "streaming", "thinking", "vision", "json_mode"],
      defaults: {
        model,
        context_window: modelInfo(model).context_window,
        max_output_tokens: modelInfo(model).max_output_tokens,
      },
      config_fields: ANTHROPIC_CONFIG_FIELDS.map((field) => ({ ...field })),
    },
    models: ANTHROPIC_MODELS,
    model_info: modelInfo(model),
    settings: callSettings(name, parsed, options, { timeout_ms: 600_000 }),
    adapter,
  });
}

// The fields POST /v1/messages/count_tokens takes (sampling and output limits are refused there).
const COUNTED_FIELDS = ["model", "messages", "system", "tools", "tool_choice", "thinking"];

function countTokensBody(prepared: AnthropicPrepared): Record<string, unknown> {
  return Object.fromEntries(Object.entries(prepared.body).filter(([key]) => COUNTED_FIELDS.includes(key)));
}
