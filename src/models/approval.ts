import { z } from "zod";

/** A structured approval request (the original's ApprovalRequest model). */
export const approvalRequestSchema = z.looseObject({
  tool_name: z.string(),
  action: z.string(),
  details: z.record(z.string(), z.unknown()).default({}),
  risk_level: z.string(),
  /** Seconds; must be positive when given. */
  timeout: z.number().positive().optional(),
});

/** A structured approval request. */
export type ApprovalRequest = z.input<typeof approvalRequestSchema>;

/** The answer to an ApprovalRequest. `remember` asks the system to reuse it for the session. */
export const approvalResponseSchema = z.looseObject({
  approved: z.boolean(),
  reason: z.string().optional(),
  remember: z.boolean().default(false),
});

/** The answer to an ApprovalRequest. */
export type ApprovalResponse = z.input<typeof approvalResponseSchema>;
