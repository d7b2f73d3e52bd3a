/** Workers AI text-generation models this provider knows, with limits as Cloudflare publishes them. */
import type { ModelInfo } from "../../models/index.ts";

const model = (
  id: string,
  display_name: string,
  context_window: number,
  max_output_tokens: number,
  capabilities: string[],
): ModelInfo => ({
  id,
  display_name,
  context_window,
  max_output_tokens,
  capabilities: ["streaming", ...capabilities],
});

/** The built-in catalogue. Models without `tools` get no tool definitions (a degradation is reported). */
export const WORKERS_AI_MODELS: readonly ModelInfo[] = Object.freeze([
  model("@cf/meta/llama-3.3-70b-instruct-fp8-fast", "Llama 3.3 70B (fp8, fast)", 24_000, 4096, ["tools", "json_mode"]),
  model("@cf/meta/llama-4-scout-17b-16e-instruct", "Llama 4 Scout 17B", 131_000, 8192, ["tools", "json_mode"]),
  model("@cf/mistralai/mistral-small-3.1-24b-instruct", "Mistral Small 3.1 24B", 128_000, 8192, ["tools"]),
  model("@hf/nousresearch/hermes-2-pro-mistral-7b", "Hermes 2 Pro (Mistral 7B)", 24_000, 4096, ["tools"]),
  model("@cf/qwen/qwq-32b", "QwQ 32B", 24_000, 8192, ["thinking"]),
  model("@cf/meta/llama-3.1-8b-instruct-fast", "Llama 3.1 8B (fast)", 128_000, 4096, ["fast"]),
]);

/** The default model. */
export const DEFAULT_WORKERS_AI_MODEL = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";

/** The catalogue entry for `id`. */
export function findWorkersAiModel(id: string): ModelInfo | undefined {
  return WORKERS_AI_MODELS.find((entry) => entry.id === id);
}
