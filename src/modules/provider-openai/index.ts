/**
 * provider-openai: the OpenAI Chat Completions API (`POST {base_url}/chat/completions`) and every
 * server that speaks it, chosen by `base_url`: a local llama.cpp (`http://127.0.0.1:8080/v1`),
 * Ollama (`http://127.0.0.1:11434/v1`), vLLM, OpenRouter (`https://openrouter.ai/api/v1`).
 *
 * **Why a thin fetch client and not the `openai` SDK.** The SDK runs in all three runtimes, but it
 * reads `OPENAI_API_KEY` / `OPENAI_BASE_URL` from the environment when not given (keys must come from
 * the plan's config only), refuses to run in a browser unless told `dangerouslyAllowBrowser`,
 * retries on its own policy (we retry with ours and emit `provider:retry`), and is large (35 MB
 * installed). One JSON POST plus `eventsource-parser` gives exact control of the body for the
 * many slightly different compatible servers, an injectable `fetch`, a small bundle, no
 * `eval`/`new Function`, and cancellation through the caller's AbortSignal, which aborts fetch and
 * cancels the body reader, closing the HTTP stream.
 *
 * **Wire mapping.** Tool results become `tool` messages; assistant tool calls go back as
 * `tool_calls` with JSON-text arguments; images as `image_url` parts (data: URLs for inline data);
 * text-only user content as a plain string (some compatible servers refuse parts). Reasoning text
 * returned by compatible servers (`reasoning_content`, or OpenRouter's `reasoning`) becomes a
 * thinking block; thinking blocks are not sent back (Chat Completions has no field for them, and
 * DeepSeek-style servers refuse it). `response_format` json → `json_object`, json_schema →
 * `json_schema`. Usage: `input_tokens` = `prompt_tokens` (already gross), `cache_read_tokens` =
 * `cached_tokens`, `reasoning_tokens`. On api.openai.com the limit goes as `max_completion_tokens`
 * and reasoning models (o-series, GPT-5) get no temperature; elsewhere `max_tokens`.
 *
 * **In the browser** api.openai.com answers CORS requests, so a direct call works, but the key is
 * then visible to the page's user: use it only with the user's own key, or point `base_url` at a
 * proxy on your origin that adds the key (then `api_key` may be omitted).
 *
 * @example
 * providers:
 *   - module: provider-openai
 *     config: { base_url: "http://127.0.0.1:11434/v1", model: "qwen3:8b", context_window: 32768 }
 */
import type { Coordinator, ModuleDefinition } from "../../contracts.ts";
import { createOpenAiProvider, OPENAI_CONFIG_FIELDS, OPENAI_MODULE_ID } from "./provider.ts";

export { DEFAULT_OPENAI_MODEL, OPENAI_MODELS } from "./models.ts";
export {
  createOpenAiProvider,
  OPENAI_BASE_URL,
  OPENAI_CONFIG_FIELDS,
  OPENAI_MODULE_ID,
  type OpenAiConfig,
  openAiConfigSchema,
} from "./provider.ts";
export { toOpenAiMessages } from "./request.ts";

/** The built-in module: mounts the provider as `openai`. */
export const providerOpenAi: ModuleDefinition = {
  id: OPENAI_MODULE_ID,
  type: "provider",
  description: "OpenAI Chat Completions and any OpenAI-compatible server (llama.cpp, Ollama, vLLM, OpenRouter).",
  config_fields: OPENAI_CONFIG_FIELDS,
  async mount(coordinator: Coordinator, config: Record<string, unknown>) {
    const provider = createOpenAiProvider(config, { hooks: coordinator.hooks });
    await coordinator.mount("providers", provider, { name: provider.name });
    return undefined;
  },
};

export default providerOpenAi;
