/**
 * zod validation of what a guest asks the kernel side for: one schema for every op, capability
 * ops included. The guest is untrusted: every request is parsed here before anything on the host
 * acts on it, and a bad one gets a clear error naming the field.
 */
import { z } from "zod";
import { formatIssuePath, type Issue, KernelError } from "../../src/errors.ts";
import type { GuestRequest } from "../protocol.ts";

const name = z.string().min(1).max(256);
const text = (max: number) => z.string().max(max);
const record = z.record(z.string(), z.unknown());
const mountPoint = z.enum(["tools", "providers", "context", "orchestrator"]);

/**
 * The range of a sandboxed hook's priority. Trusted modules may run later than any sandboxed hook
 * (hooks-approval's seal runs at `Number.MAX_VALUE` to check that nothing rewrote an approved call).
 */
export const SANDBOXED_HOOK_PRIORITY_LIMIT = 1_000_000_000;

/** Schema of every guest request, discriminated by `op`. */
export const guestRequestSchema = z.discriminatedUnion("op", [
  z.strictObject({
    op: z.literal("mount"),
    mount_point: mountPoint,
    key: name,
    name: name.nullable(),
    descriptor: record,
  }),
  z.strictObject({ op: z.literal("unmount"), mount_point: mountPoint, name: name.nullable() }),
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
  z.strictObject({ op: z.literal("register_contributor"), key: name, channel: name, name: text(256) }),
  z.strictObject({
    op: z.literal("process_hook_result"),
    result: record,
    result_id: name.nullable(),
    event: name,
    hook_name: text(256).nullable(),
  }),
  z.strictObject({
    op: z.literal("call"),
    execution: name,
    target: z.enum(["context", "provider", "tool"]),
    name: name.nullable(),
    method: name,
    args: z.array(z.unknown()).max(8),
  }),
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

/** The issues of a zod error in the one issue shape. */
export function issuesOf(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => ({
    path: issue.path.filter((segment): segment is string | number => typeof segment !== "symbol"),
    message: issue.message,
    code: issue.code,
  }));
}

/** Describes a zod failure as "path: message" for error texts. */
export function describeIssues(error: z.ZodError): string {
  const issue = issuesOf(error)[0];
  if (!issue) return "invalid value";
  return `${issue.path.length > 0 ? `${formatIssuePath(issue.path)}: ` : ""}${issue.message}`;
}

/**
 * Parses a guest request.
 *
 * @throws KernelError `invalid_argument` naming the first invalid field (all of them in `issues`).
 */
export function parseGuestRequest(request: unknown): GuestRequest {
  const parsed = guestRequestSchema.safeParse(request);
  if (parsed.success) return parsed.data as GuestRequest;
  const op =
    request !== null && typeof request === "object" && typeof (request as { op?: unknown }).op === "string"
      ? (request as { op: string }).op.slice(0, 64)
      : "?";
  throw new KernelError("invalid_argument", `coordinator.${op}(): ${describeIssues(parsed.error)}`, {
    issues: issuesOf(parsed.error),
  });
}

/** A value checked against `schema`, or `invalid_argument` naming what is wrong (for call arguments). */
export function argument<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new KernelError("invalid_argument", `${what}: ${describeIssues(parsed.error)}`, {
    issues: issuesOf(parsed.error),
  });
}

/** A guest's result checked against `schema`, or `invalid_result` naming what is wrong. */
export function guestResult<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new KernelError("invalid_result", `${what} returned invalid data: ${describeIssues(parsed.error)}`, {
    issues: issuesOf(parsed.error),
  });
}
