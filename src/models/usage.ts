import { z } from "zod";
import { decimalStringSchema } from "./json.ts";

/** Token usage of one model call. `input_tokens` is gross (cache reads included). */
export const usageSchema = z.looseObject({
  input_tokens: z.number().int().nonnegative(),
  output_tokens: z.number().int().nonnegative(),
  total_tokens: z.number().int().nonnegative(),
  reasoning_tokens: z.number().int().nonnegative().optional(),
  cache_read_tokens: z.number().int().nonnegative().optional(),
  cache_write_tokens: z.number().int().nonnegative().optional(),
  /** A decimal string, never a float. */
  cost_usd: decimalStringSchema.optional(),
});

/** Token usage of one model call. */
export type Usage = z.infer<typeof usageSchema>;

/** A request the provider could not honour exactly (for example a model it fell back from). */
export const degradationSchema = z.looseObject({
  requested: z.string(),
  actual: z.string(),
  reason: z.string(),
});

/** A request the provider could not honour exactly. */
export type Degradation = z.infer<typeof degradationSchema>;
