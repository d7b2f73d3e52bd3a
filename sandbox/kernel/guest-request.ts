/**
 * zod validation of what a guest asks the kernel for. The guest is untrusted: every request is
 * parsed here before anything on the host acts on it, and a bad one gets a clear error naming
 * the field.
 */
import { z } from "zod";
import { KernelError } from "../../src/errors.ts";
import type { GuestRequest } from "../protocol.ts";

const name = z.string().min(1).max(256);

/**
 * The range of a sandboxed hook's priority. Trusted modules may run later than any sandboxed hook
 * (hooks-approval's seal runs at `Number.MAX_VALUE` to check that nothing rewrote an approved call).
 */
export const SANDBOXED_HOOK_PRIORITY_LIMIT = 1_000_000_000;
const record = z.record(z.string(), z.unknown());

/** Schema of every guest request, discriminated by `op`. */
export const guestRequestSchema = z.discriminatedUnion("op", [
  z.strictObject({
    op: z.literal("mount"),
    mount_point: z.enum(["tools", "providers", "context", "orchestrator"]),
    key: name,
    name: name.nullable(),
    descriptor: record,
  }),
  z.strictObject({
    op: z.literal("unmount"),
    mount_point: z.enum(["tools", "providers", "context", "orchestrator"]),
    name: name.nullable(),
  }),
  z.strictObject({
    op: z.literal("hooks.register"),
    key: name,
    event: name,
    priority: z.number().finite().min(-SANDBOXED_HOOK_PRIORITY_LIMIT).max(SANDBOXED_HOOK_PRIORITY_LIMIT),
    name: name.nullable(),
  }),
  z.strictObject({ op: z.literal("hooks.unregister"), key: name }),
  z.strictObject({ op: z.literal("hooks.emit"), event: name, data: record }),
  z.strictObject({
    op: z.literal("hooks.emit_and_collect"),
    event: name,
    data: record,
    timeout: z.number().positive().finite().nullable(),
  }),
  z.strictObject({ op: z.literal("register_contributor"), key: name, channel: name, name: z.string().max(256) }),
  z.strictObject({ op: z.literal("capability"), action: z.enum(["get", "register"]), name: z.string().max(256) }),
  z.strictObject({ op: z.literal("process_hook_result"), result: record, event: name, hook_name: z.string().max(256) }),
  z.strictObject({
    op: z.literal("call"),
    execution: name,
    target: z.enum(["context", "provider", "tool"]),
    name: name.nullable(),
    method: name,
    args: z.array(z.unknown()).max(8),
  }),
]);

/**
 * Parses a guest request.
 *
 * @throws KernelError `invalid_argument` naming the first invalid field.
 */
export function parseGuestRequest(request: unknown): GuestRequest {
  const parsed = guestRequestSchema.safeParse(request);
  if (parsed.success) return parsed.data;
  const op =
    request !== null && typeof request === "object" && "op" in request ? String((request as { op: unknown }).op) : "?";
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  throw new KernelError("invalid_argument", `coordinator.${op}(): ${where}${issue?.message ?? "invalid request"}`, {
    data: { path: issue?.path.map(String) ?? [] },
  });
}

/** Describes a zod failure as "path: message" for error texts. */
export function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid value";
  return `${issue.path.length > 0 ? `${issue.path.join(".")}: ` : ""}${issue.message}`;
}
