import { z } from "zod";

/** A JSON object with unknown values: module config, event data, metadata. */
export const jsonObjectSchema = z.record(z.string(), z.unknown());

/** A JSON object with unknown values. */
export type JsonObject = z.infer<typeof jsonObjectSchema>;

/** A JSON Schema document, kept opaque: tools describe their input with it. */
export const jsonSchemaSchema = z.record(z.string(), z.unknown());

/** A JSON Schema document. */
export type JsonSchema = z.infer<typeof jsonSchemaSchema>;

/** A decimal amount carried as a string so that no float rounding creeps in (`"0.0123"`). */
export const decimalStringSchema = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/, 'expected a decimal string such as "0.0123" (floats are rejected)');
