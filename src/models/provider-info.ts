import { z } from "zod";

/** One setting a provider asks for (used by setup UIs). */
export const configFieldSchema = z.looseObject({
  id: z.string().min(1),
  display_name: z.string(),
  field_type: z.enum(["text", "secret", "choice", "boolean"]).default("text"),
  prompt: z.string(),
  env_var: z.string().optional(),
  choices: z.array(z.string()).optional(),
  required: z.boolean().default(true),
  default: z.unknown().optional(),
  /** Show this field only when another field has the given value. */
  show_when: z.record(z.string(), z.unknown()).optional(),
  requires_model: z.boolean().default(false),
});

/** One setting a provider asks for. */
export type ConfigField = z.output<typeof configFieldSchema>;

/** A config field as a module may write it (defaults optional). */
export type ConfigFieldInput = z.input<typeof configFieldSchema>;

/** Capability names providers and models declare. */
export const CAPABILITIES = Object.freeze({
  TOOLS: "tools",
  STREAMING: "streaming",
  THINKING: "thinking",
  VISION: "vision",
  JSON_MODE: "json_mode",
  FAST: "fast",
  BATCH: "batch",
} as const);

/** What a provider says about itself. `defaults` may carry `context_window` and `max_output_tokens`. */
export const providerInfoSchema = z.looseObject({
  id: z.string().min(1),
  display_name: z.string(),
  credential_env_vars: z.array(z.string()).default([]),
  capabilities: z.array(z.string()).default([]),
  defaults: z.record(z.string(), z.unknown()).default({}),
  config_fields: z.array(configFieldSchema).default([]),
});

/** What a provider says about itself. */
export type ProviderInfo = z.input<typeof providerInfoSchema>;

/** Cost tiers of models. */
export const costTierSchema = z.enum(["free", "low", "medium", "high", "extreme"]);

/** What a provider says about one model. */
export const modelInfoSchema = z.looseObject({
  id: z.string().min(1),
  display_name: z.string(),
  context_window: z.number().int().positive(),
  max_output_tokens: z.number().int().positive(),
  capabilities: z.array(z.string()).default([]),
  defaults: z.record(z.string(), z.unknown()).default({}),
  cost_per_input_token: z.number().nonnegative().optional(),
  cost_per_output_token: z.number().nonnegative().optional(),
  metadata: z.looseObject({ cost_tier: costTierSchema.optional() }).optional(),
});

/** What a provider says about one model. */
export type ModelInfo = z.input<typeof modelInfoSchema>;
