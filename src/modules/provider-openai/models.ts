/** The OpenAI models this provider knows, with the limits compaction budgets from. */
import type { ModelInfo } from "../../models/index.ts";

const model = (
  id: string,
  display_name: string,
  context_window: number,
  max_output_tokens: number,
  extra: string[] = [],
): ModelInfo => ({
  id,
  display_name,
  context_window,
  max_output_tokens,
  capabilities: ["tools", "streaming", "vision", "json_mode", ...extra],
});

/** The built-in catalogue for api.openai.com. `thinking` marks reasoning models (no temperature). */
export const OPENAI_MODELS: readonly ModelInfo[] = Object.freeze([
  model("gpt-4.1", "GPT-4.1", 1_047_576, 32_768),
  model("gpt-4.1-mini", "GPT-4.1 mini", 1_047_576, 32_768, ["fast"]),
  model("gpt-4.1-nano", "GPT-4.1 nano", 1_047_576, 32_768, ["fast"]),
  model("gpt-4o", "GPT-4o", 128_000, 16_384),
  model("gpt-4o-mini", "GPT-4o mini", 128_000, 16_384, ["fast"]),
  model("gpt-5", "GPT-5", 400_000, 128_000, ["thinking"]),
  model("gpt-5-mini", "GPT-5 mini", 400_000, 128_000, ["thinking"]),
  model("gpt-5-nano", "GPT-5 nano", 400_000, 128_000, ["thinking", "fast"]),
  model("o3", "o3", 200_000, 100_000, ["thinking"]),
  model("o4-mini", "o4-mini", 200_000, 100_000, ["thinking"]),
]);

/** The default model on api.openai.com. */
export const DEFAULT_OPENAI_MODEL = "gpt-4.1-mini";

/** The catalogue entry for `id`, also for dated snapshots (`gpt-4o-2024-08-06` → `gpt-4o`). */
export function findOpenAiModel(id: string): ModelInfo | undefined {
  return (
    OPENAI_MODELS.find((entry) => entry.id === id) ??
    OPENAI_MODELS.find(
      (entry) => id.startsWith(`${entry.id}-`) && /^\d{4}-\d{2}-\d{2}$/.test(id.slice(entry.id.length + 1)),
    )
  );
}

/** True for reasoning models, which refuse `temperature` and `top_p`. */
export function isReasoningModel(id: string): boolean {
  const known = findOpenAiModel(id);
  if (known) return known.capabilities?.includes("thinking") === true;
  return /^(o\d|gpt-5)/.test(id);
}
