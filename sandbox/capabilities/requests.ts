/**
 * zod validation of the guest's capability requests (`fetch`, `storage`, `transcript`,
 * `capability`, `capability.call`). The guest is untrusted: each is parsed before a gate acts.
 */
import { z } from "zod";
import { KernelError } from "../../src/errors.ts";

const text = (max: number) => z.string().max(max);

/** Every capability request, discriminated by `op`. */
export const capabilityRequestSchema = z.discriminatedUnion("op", [
  z.strictObject({
    op: z.literal("fetch"),
    url: text(8192),
    method: text(16),
    headers: z.record(text(256), text(16384)),
    body: z.string().nullable(),
  }),
  z.strictObject({
    op: z.literal("storage"),
    method: z.enum(["get", "set", "delete", "keys"]),
    key: text(256).optional(),
    value: z.unknown().optional(),
  }),
  z.strictObject({ op: z.literal("transcript"), method: z.literal("get_messages") }),
  z.strictObject({
    op: z.literal("capability"),
    action: z.enum(["get", "register"]),
    name: text(256),
    value: z.unknown().optional(),
  }),
  z.strictObject({
    op: z.literal("capability.call"),
    name: text(256),
    method: text(256).nullable(),
    args: z.array(z.unknown()).max(16),
  }),
]);

/** A capability request. */
export type CapabilityRequest = z.infer<typeof capabilityRequestSchema>;

/** The ops the capability gate answers (everything else goes to the kernel port). */
export const CAPABILITY_OPS: ReadonlySet<string> = new Set([
  "fetch",
  "storage",
  "transcript",
  "capability",
  "capability.call",
]);

/**
 * Parses a capability request.
 *
 * @throws KernelError `invalid_argument` naming the first invalid field.
 */
export function parseCapabilityRequest(request: unknown): CapabilityRequest {
  const parsed = capabilityRequestSchema.safeParse(request);
  if (parsed.success) return parsed.data;
  const op = (request as { op?: unknown } | null)?.op;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  throw new KernelError("invalid_argument", `${String(op)}: ${where}${issue?.message ?? "invalid request"}`, {
    data: { path: issue?.path.map(String) ?? [] },
  });
}
