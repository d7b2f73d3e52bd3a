/** The request bodies of the HTTP API, as zod schemas (errors name their paths). */
import { z } from "zod";

/** `POST /v1/sessions`. The plan itself is checked by the kernel's parser (paths under `plan`). */
export const createSessionBodySchema = z.strictObject({
  plan: z
    .unknown()
    .refine((value) => value !== undefined, { message: "required (a mount plan: an object, JSON or YAML)" }),
});

/** `POST /v1/sessions/:id/prompt`. */
export const promptBodySchema = z.strictObject({
  prompt: z.string({ error: "required (the prompt text)" }).min(1, "must not be empty"),
});

/** `POST /v1/sessions/:id/approvals/:request_id`. */
export const approvalBodySchema = z.strictObject({
  decision: z.string({ error: "required (one of the options of the approval request)" }).min(1, "must not be empty"),
});
