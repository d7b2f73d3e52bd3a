/**
 * The configuration every built-in provider shares: zod schema and ConfigField descriptions for setup
 * UIs (parsed with `parseModuleConfig`, like every module's config). Keys come from config only (the plan's `${ENV}` map puts
 * them there), never from ambient globals such as `process.env`.
 */
import { z } from "zod";
import type { ConfigFieldInput, ModelInfo } from "../../models/index.ts";
import type { FetchFunction } from "./http.ts";

/** A number that may arrive as a numeric string after `${ENV}` substitution. */
const numeric = (schema: z.ZodNumber) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() !== "" ? Number(value) : value), schema);

const fetchSchema = z.custom<FetchFunction>((value) => typeof value === "function", "expected a fetch function");

/** Fields every provider config has. Unknown keys are rejected so that typos are noticed. */
export const baseProviderConfigShape = {
  api_key: z.string().min(1, "must not be empty").optional(),
  model: z.string().min(1).optional(),
  base_url: z.url({ protocol: /^https?$/ }).optional(),
  max_tokens: numeric(z.number().int().positive()).optional(),
  temperature: numeric(z.number().min(0).max(2)).optional(),
  max_retries: numeric(z.number().int().min(0).max(10)).optional(),
  /** Per attempt; a request that takes longer fails with kind `timeout` (retryable). */
  timeout_ms: numeric(z.number().int().positive()).optional(),
  /** Extra request headers (e.g. OpenRouter's `HTTP-Referer`), names lower-cased; they never override the auth header. */
  headers: z
    .record(z.string(), z.string())
    .transform((headers) =>
      Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])),
    )
    .optional(),
  /** For models the built-in catalogue does not know (local servers). */
  context_window: numeric(z.number().int().positive()).optional(),
  max_output_tokens: numeric(z.number().int().positive()).optional(),
  /** Lower is picked first by loops that choose a default provider. */
  priority: numeric(z.number()).optional(),
  /** A `fetch` to use instead of the global one (tests, proxies). Not JSON: set it from code. */
  fetch: fetchSchema.optional(),
  /** Emit `llm:request:raw` / `llm:response:raw` with the wire bodies (keys are never in them). */
  debug: z.boolean().optional(),
};

/** The ConfigFields every provider shows: `api_key` (secret), `model`, `base_url`, `max_tokens`, `temperature`. */
export function standardConfigFields(options: {
  env_var?: string;
  default_model: string;
  default_base_url?: string;
  api_key_required: boolean;
  models: readonly string[];
}): ConfigFieldInput[] {
  const apiKey: ConfigFieldInput = {
    id: "api_key",
    display_name: "API key",
    field_type: "secret",
    prompt: "API key (put it in the plan's environment map, e.g. ${" + (options.env_var ?? "API_KEY") + "})",
    required: options.api_key_required,
  };
  if (options.env_var !== undefined) apiKey.env_var = options.env_var;
  const baseUrl: ConfigFieldInput = {
    id: "base_url",
    display_name: "Base URL",
    field_type: "text",
    prompt: "API base URL (a proxy URL keeps the key off the browser)",
    required: false,
  };
  if (options.default_base_url !== undefined) baseUrl.default = options.default_base_url;
  return [
    apiKey,
    {
      id: "model",
      display_name: "Model",
      field_type: options.models.length > 0 ? "choice" : "text",
      prompt: "Model to use",
      choices: [...options.models],
      required: false,
      default: options.default_model,
      requires_model: true,
    },
    baseUrl,
    {
      id: "max_tokens",
      display_name: "Max output tokens",
      field_type: "text",
      prompt: "Maximum tokens per answer",
      required: false,
    },
    {
      id: "temperature",
      display_name: "Temperature",
      field_type: "text",
      prompt: "Sampling temperature (0–2)",
      required: false,
    },
  ];
}

/**
 * Appends `path` to the path of `base`, keeping its query: Azure's classic deployment URLs carry
 * the API version there (`…/deployments/NAME?api-version=…` → `…/deployments/NAME/chat/completions?api-version=…`).
 */
export function joinUrl(base: string, path: string): string {
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
  return url.toString();
}

/**
 * The model info a provider reports for `id`: what it knows of the model, with the config's
 * `context_window` / `max_output_tokens` taking precedence, then the provider's fallbacks.
 */
export function resolveModelInfo(
  id: string,
  known: ModelInfo | undefined,
  overrides: { context_window?: number | undefined; max_output_tokens?: number | undefined },
  fallback: { context_window: number; max_output_tokens: number },
): ModelInfo {
  return {
    ...(known ?? { id, display_name: id, capabilities: ["tools", "streaming"] }),
    id,
    context_window: overrides.context_window ?? known?.context_window ?? fallback.context_window,
    max_output_tokens: overrides.max_output_tokens ?? known?.max_output_tokens ?? fallback.max_output_tokens,
  };
}
