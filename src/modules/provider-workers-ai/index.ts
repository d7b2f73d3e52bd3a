/**
 * provider-workers-ai: Cloudflare Workers AI text-generation models through the `AI` binding
 * (`env.AI.run(model, { messages, tools, stream })`), typed structurally so that src/ imports
 * nothing of Cloudflare's. No HTTP client and no key: the binding carries the account.
 *
 * **Getting the binding.** Pass `env.AI` as `config.binding` when building the plan in code, or
 * register it on the session as the `cloudflare.ai` capability (`createSession(plan, { capabilities:
 * { "cloudflare.ai": env.AI } })`), which keeps the YAML plan free of objects.
 *
 * **Wire mapping.** Messages go in the OpenAI shape with string content (text models take no
 * images; images are left out and reported as a `degradation`); tool results carry the tool's
 * `name`, which some models need. Tools go in the OpenAI shape (`tool_format: legacy` for the flat
 * shape of older models) to models that support tool calling; for the others they are left out
 * and reported. Tool calls come back whole or as deltas, with or without ids (missing ids are made
 * up). `response_format` json / json_schema → Workers AI JSON mode. Models that answer in the Chat
 * Completions shape are read as such.
 *
 * **Errors and cancellation.** The binding throws plain Errors whose message starts with a code
 * (`3040: Capacity temporarily exceeded`); the code, else the wording, maps to the taxonomy (this is
 * the one place where an error is recognised by its text, because it carries nothing else).
 * Aborting cancels the stream's reader, which stops the binding's stream; a non-streaming call
 * cannot be stopped at the binding, so it is abandoned and the caller gets `cancelled` at once.
 *
 * @example
 * const session = createSession(plan, { modules, capabilities: { "cloudflare.ai": env.AI } });
 */
import type { Coordinator, ModuleDefinition } from "../../contracts.ts";
import { bindingFrom, createWorkersAiProvider, WORKERS_AI_CONFIG_FIELDS, WORKERS_AI_MODULE_ID } from "./provider.ts";

export { isWorkersAiBinding, type WorkersAiBinding } from "./binding.ts";
export { DEFAULT_WORKERS_AI_MODEL, WORKERS_AI_MODELS } from "./models.ts";
export {
  createWorkersAiProvider,
  WORKERS_AI_BINDING_CAPABILITY,
  WORKERS_AI_CONFIG_FIELDS,
  WORKERS_AI_MODULE_ID,
  type WorkersAiConfig,
  type WorkersAiFactoryOptions,
  workersAiConfigSchema,
} from "./provider.ts";

/** The built-in module: mounts the provider as `workers-ai`. */
export const providerWorkersAi: ModuleDefinition = {
  id: WORKERS_AI_MODULE_ID,
  type: "provider",
  description: "Cloudflare Workers AI models through the AI binding, with tool calling where the model supports it.",
  config_fields: WORKERS_AI_CONFIG_FIELDS,
  async mount(coordinator: Coordinator, config: Record<string, unknown>) {
    const provider = createWorkersAiProvider(config, {
      hooks: coordinator.hooks,
      binding: bindingFrom(coordinator, config),
    });
    await coordinator.mount("providers", provider, { name: provider.name });
    return undefined;
  },
};

export default providerWorkersAi;
