/** Config of the compacting context managers, and how their token budget is found. */
import { z } from "zod";
import type { MessagesForRequestOptions } from "../../contracts.ts";

/** How much the compaction notice says (context-simple's `compaction_notice_verbosity`). */
export const noticeVerbositySchema = z.enum(["minimal", "normal", "verbose"]);

/** The compaction settings shared by `context-simple` and `context-persistent`, in the original's names. */
export const compactionConfigShape = {
  /** The budget when neither the request nor the provider gives one. */
  max_tokens: z.number().int().positive().default(200_000),
  /** Compact once the history reaches this share of the budget. */
  compact_threshold: z.number().gt(0).max(1).default(0.92),
  /** Compact down to this share of the budget (the original accepts it at or above the threshold too). */
  target_usage: z.number().gt(0).max(1).default(0.5),
  /** Share of the most recent messages the first removal level protects. */
  protected_recent: z.number().min(0).max(1).default(0.3),
  /** The last N tool results are never truncated. */
  protected_tool_results: z.number().int().min(0).default(5),
  /** Characters of a truncated tool result kept after the notice. */
  truncate_chars: z.number().int().min(0).max(10_000).default(250),
  /** Tell the model that the view was compacted (a system reminder after the system messages). */
  compaction_notice_enabled: z.boolean().optional(),
  /** Tokens kept free for that notice. */
  compaction_notice_token_reserve: z.number().int().min(0).optional(),
  /** How much the notice says. */
  compaction_notice_verbosity: noticeVerbositySchema.default("normal"),
  /** The notice is added only when compaction reached at least this level (1-8). */
  compaction_notice_min_level: z.number().int().min(1).max(8).default(1),
  /** This kernel's earlier name of `compaction_notice_enabled` (still accepted). */
  compaction_notice: z.boolean().optional(),
  /** This kernel's earlier name of `compaction_notice_token_reserve` (still accepted). */
  notice_reserve_tokens: z.number().int().min(0).optional(),
};

type CompactionShapeOutput = z.output<z.ZodObject<typeof compactionConfigShape>>;

/** A config that gave one setting under both of its names, with different values. */
function aliasConflicts(config: CompactionShapeOutput): { path: string[]; message: string }[] {
  const conflicts: { path: string[]; message: string }[] = [];
  const pairs = [
    ["compaction_notice_enabled", "compaction_notice"],
    ["compaction_notice_token_reserve", "notice_reserve_tokens"],
  ] as const;
  for (const [name, alias] of pairs) {
    if (config[name] !== undefined && config[alias] !== undefined && config[name] !== config[alias]) {
      conflicts.push({ path: [alias], message: `conflicts with ${name}; give one of them` });
    }
  }
  return conflicts;
}

/** Resolves the aliases into the original's names, with the original's defaults. */
export function resolveCompactionAliases<T extends CompactionShapeOutput>(config: T) {
  const { compaction_notice, notice_reserve_tokens, ...rest } = config;
  return {
    ...rest,
    compaction_notice_enabled: config.compaction_notice_enabled ?? compaction_notice ?? true,
    compaction_notice_token_reserve: config.compaction_notice_token_reserve ?? notice_reserve_tokens ?? 800,
  };
}

/** Reports alias conflicts as zod issues (for `superRefine`). */
export function checkCompactionAliases(config: CompactionShapeOutput, context: z.RefinementCtx): void {
  for (const conflict of aliasConflicts(config)) context.addIssue({ code: "custom", ...conflict });
}

/** Config of `context-simple`. */
export const simpleContextConfigSchema = z
  .strictObject(compactionConfigShape)
  .superRefine(checkCompactionAliases)
  .transform((config) => resolveCompactionAliases(config));

/** Parsed compaction config. */
export type CompactionConfig = z.output<typeof simpleContextConfigSchema>;

function positiveNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Where a budget came from (reported in `context:compaction`). */
export type BudgetSource = "request" | "model_info" | "provider_defaults" | "config";

/**
 * The token budget of one request: `token_budget` when given; else from the provider's model
 * (`get_model_info()`, then `get_info().defaults`) as `context_window − max_output/2 − 1000`;
 * else `max_tokens`. The compaction notice reserve is then taken off.
 */
export async function resolveBudget(
  options: MessagesForRequestOptions,
  config: CompactionConfig,
): Promise<{ budget: number; source: BudgetSource }> {
  const reserve = config.compaction_notice_enabled ? config.compaction_notice_token_reserve : 0;
  const finish = (raw: number, source: BudgetSource) => ({ budget: Math.max(1, Math.floor(raw - reserve)), source });
  const explicit = positiveNumber(options.token_budget);
  if (explicit !== undefined) return finish(explicit, "request");
  const provider = options.provider;
  if (provider) {
    const model = await provider.get_model_info?.();
    const window = positiveNumber(model?.context_window);
    if (model && window !== undefined) {
      return finish(window - (positiveNumber(model.max_output_tokens) ?? 0) / 2 - 1000, "model_info");
    }
    const defaults = (await provider.get_info()).defaults ?? {};
    const defaultWindow = positiveNumber(defaults.context_window);
    if (defaultWindow !== undefined) {
      return finish(defaultWindow - (positiveNumber(defaults.max_output_tokens) ?? 0) / 2 - 1000, "provider_defaults");
    }
  }
  return finish(config.max_tokens, "config");
}
