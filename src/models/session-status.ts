import { z } from "zod";
import { decimalStringSchema } from "./json.ts";

/** The lifecycle state of a session. */
export const sessionStateSchema = z.enum(["created", "initialized", "running", "completed", "failed", "cancelled"]);

/** The lifecycle state of a session. */
export type SessionState = z.infer<typeof sessionStateSchema>;

/** The original's session status values (`SessionStatus.status`, `session:end`'s `status`). */
export const sessionLifecycleStatusSchema = z.enum(["running", "completed", "failed", "cancelled"]);

/** A session status value of the original. */
export type SessionLifecycleStatus = z.infer<typeof sessionLifecycleStatusSchema>;

/** Counters and timestamps of a session, as the original's SessionStatus. Times are RFC 3339. */
export const sessionStatusSchema = z.looseObject({
  session_id: z.string(),
  started_at: z.string(),
  ended_at: z.string().optional(),
  status: sessionLifecycleStatusSchema,
  total_messages: z.number().int().nonnegative().default(0),
  tool_invocations: z.number().int().nonnegative().default(0),
  tool_successes: z.number().int().nonnegative().default(0),
  tool_failures: z.number().int().nonnegative().default(0),
  total_input_tokens: z.number().int().nonnegative().default(0),
  total_output_tokens: z.number().int().nonnegative().default(0),
  /** A decimal string: floats are rejected. */
  cost_usd: decimalStringSchema.optional(),
  last_activity: z.string().optional(),
  last_error: z.record(z.string(), z.unknown()).optional(),
});

/** Counters and timestamps of a session. */
export type SessionStatus = z.output<typeof sessionStatusSchema>;
