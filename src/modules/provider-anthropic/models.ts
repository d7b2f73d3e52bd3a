/** The Claude models this provider knows, with the limits compaction budgets from. */
import type { ModelInfo } from "../../models/index.ts";

const claude = (id: string, display_name: string, max_output_tokens: number, extra: string[] = []): ModelInfo => ({
  id,
  display_name,
  context_window: 200_000,
  max_output_tokens,
  capabilities: ["tools", "streaming", "vision", "json_mode", ...extra],
});

/** The built-in catalogue (the API's `/v1/models` lists ids but no limits, so the limits live here). */
export const ANTHROPIC_MODELS: readonly ModelInfo[] = Object.freeze([
  claude("claude-sonnet-4-5", "Claude Sonnet 4.5", 64_000, ["thinking"]),
  claude("claude-opus-4-5", "Claude Opus 4.5", 64_000, ["thinking"]),
  claude("claude-haiku-4-5", "Claude Haiku 4.5", 64_000, ["thinking", "fast"]),
  claude("claude-opus-4-1", "Claude Opus 4.1", 32_000, ["thinking"]),
  claude("claude-sonnet-4-0", "Claude Sonnet 4", 64_000, ["thinking"]),
  claude("claude-3-7-sonnet-latest", "Claude Sonnet 3.7", 64_000, ["thinking"]),
  claude("claude-3-5-haiku-latest", "Claude Haiku 3.5", 8_192, ["fast"]),
]);

/** The default model. */
export const DEFAULT_ANTHROPIC_MODEL = "claude-sonnet-4-5";

/**
 * The catalogue entry for `model`: exact id first, then a dated snapshot of a known alias
 * (`claude-sonnet-4-5-20250929` → `claude-sonnet-4-5`).
 */
export function findAnthropicModel(model: string): ModelInfo | undefined {
  return (
    ANTHROPIC_MODELS.find((entry) => entry.id === model) ??
    ANTHROPIC_MODELS.find(
      (entry) => model.startsWith(`${entry.id}-`) && /^\d{8}$/.test(model.slice(entry.id.length + 1)),
    )
  );
}
