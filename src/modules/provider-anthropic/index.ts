/**
 * provider-anthropic: Claude through the Anthropic Messages API (`POST /v1/messages`), streaming or not.
 *
 * **Why a thin fetch client and not `@anthropic-ai/sdk`.** The SDK runs in node, browsers and
 * workerd, but it reads `ANTHROPIC_API_KEY` / `ANTHROPIC_BASE_URL` from the environment when they
 * are not passed (keys must come from the plan's config only), retries on its own (we must retry
 * with our policy and emit `provider:retry` for each retry), and adds ~27 MB of package and tens of kB to
 * every bundle. What we need of it is small: one JSON POST, an SSE parser (`eventsource-parser`)
 * and typed bodies. The thin client gives exact control of the request body (the tests assert it
 * field for field), a `fetch` that tests and hosts inject, no `eval`/`new Function`, and cancellation
 * by the caller's AbortSignal, which is passed to fetch and cancels the body reader, so the HTTP
 * stream is closed.
 *
 * **Wire mapping.** System and developer messages → `system`; tool messages → `tool_result` blocks
 * at the head of the next user turn; thinking blocks go back with their `signature` (a thinking block
 * without one, e.g. from another provider, is dropped because the API would refuse it);
 * `redacted_thinking` round-trips; `tool_choice` "auto" | "none" | "required" | name;
 * `response_format` json / json_schema is asked through a forced synthetic tool (`json_response`)
 * whose input comes back as the text answer; `reasoning_effort` low/medium/high or
 * `extended_thinking` turn on thinking (temperature is then not sent, as the API requires).
 * Usage: `input_tokens` is gross (uncached + cache reads + cache writes), with `cache_read_tokens`
 * and `cache_write_tokens`. Prompt caching (default on) marks the system prompt, the tool list and
 * the newest turn.
 *
 * **In the browser** there are two documented ways. Preferred: a proxy `base_url` on your own origin
 * that adds the key server-side (then `api_key` may be omitted). Or, for local tools where the user
 * brings their own key: `direct_browser_access: true`, which sends
 * `anthropic-dangerous-direct-browser-access: true` so the API answers the CORS preflight.
 *
 * @example
 * # in a mount plan
 * providers:
 *   - module: provider-anthropic
 *     config: { api_key: "${ANTHROPIC_API_KEY}", model: claude-sonnet-4-5, max_tokens: 4096 }
 */
import type { Coordinator, ModuleDefinition } from "../../contracts.ts";
import { ANTHROPIC_CONFIG_FIELDS, ANTHROPIC_MODULE_ID, createAnthropicProvider } from "./provider.ts";

export { ANTHROPIC_MODELS, DEFAULT_ANTHROPIC_MODEL } from "./models.ts";
export {
  ANTHROPIC_BASE_URL,
  ANTHROPIC_CONFIG_FIELDS,
  ANTHROPIC_MODULE_ID,
  type AnthropicConfig,
  anthropicConfigSchema,
  createAnthropicProvider,
} from "./provider.ts";

/** The built-in module: mounts the provider as `anthropic`. */
export const providerAnthropic: ModuleDefinition = {
  id: ANTHROPIC_MODULE_ID,
  type: "provider",
  description: "Claude models through the Anthropic Messages API, with streaming, thinking and prompt caching.",
  config_fields: ANTHROPIC_CONFIG_FIELDS,
  async mount(coordinator: Coordinator, config: Record<string, unknown>) {
    const provider = createAnthropicProvider(config, { hooks: coordinator.hooks });
    await coordinator.mount("providers", provider, { name: provider.name });
    return undefined;
  },
};

export default providerAnthropic;
