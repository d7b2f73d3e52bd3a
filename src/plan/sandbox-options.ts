import { z } from "zod";

/** A credential the host injects into requests to one host, so the guest never sees it. */
export const sandboxSecretSchema = z.strictObject({
  /** Host name the header is added for, e.g. `api.example.com`. */
  host: z.string().min(1),
  /** Header name, e.g. `authorization`. */
  header: z.string().min(1),
  /** Name of the secret in the host's secret map (never the value itself). */
  secret: z.string().min(1),
  /** Template of the header value; `{secret}` is replaced, e.g. `Bearer {secret}`. */
  format: z.string().optional(),
});

/** A credential injected by the host. */
export type SandboxSecret = z.infer<typeof sandboxSecretSchema>;

/** What a sandboxed module may do. Nothing is granted by default. */
export const sandboxPermissionsSchema = z.strictObject({
  /** Hosts the module may fetch over https (`host`, or `host:port` for a port other than 443). */
  fetch: z.array(z.string().min(1)).default([]),
  secrets: z.array(sandboxSecretSchema).default([]),
  /** Coordinator capabilities the module may read, by name. */
  capabilities: z.array(z.string().min(1)).default([]),
  /** Whether the module may read the conversation: the history, and hook payloads' content. */
  transcript: z.boolean().default(false),
  storage: z.strictObject({ quota_bytes: z.number().int().nonnegative() }).optional(),
  /**
   * Events the module may register hook handlers for (`tool:pre`, `tool:*`, `*`). A hook module may
   * register for any event unless this narrows it; a module of another kind needs it to register at all.
   */
  hooks: z.array(z.string().min(1)).optional(),
  /** Roles its context injections may use (a hook's `inject_context`, `process_hook_result`). None by default. */
  inject: z.array(z.enum(["system", "user", "assistant"])).default([]),
  /** Whether it may show messages to the user (a hook result's `user_message`). */
  display: z.boolean().default(false),
  /** Whether it may put approval questions to the user (a hook result's `ask_user`). */
  approval: z.boolean().default(false),
  /**
   * Tool and provider names bound to this module: no other sandboxed module may mount them, even
   * one that mounts first. Without it, a name two sandboxed modules both claim goes to neither.
   */
  names: z.array(z.string().min(1).max(128)).default([]),
});

/** What a sandboxed module may do. */
export type SandboxPermissions = z.output<typeof sandboxPermissionsSchema>;

/**
 * Limits and permissions of one sandboxed module (the `sandbox:` block of a plan entry).
 * Unknown keys are rejected, so a typo never silently drops a limit.
 */
export const sandboxOptionsSchema = z.strictObject({
  memory_mb: z.number().int().positive().optional(),
  timeout_ms: z.number().int().positive().optional(),
  stack_kb: z.number().int().positive().optional(),
  max_message_bytes: z.number().int().positive().optional(),
  max_pending_jobs: z.number().int().positive().optional(),
  max_mounts: z.number().int().positive().optional(),
  /** How many times a killed sandbox may be restarted. */
  restarts: z.number().int().nonnegative().optional(),
  /** The window over which a module's guest time is charged (default 10 s). */
  cpu_window_ms: z.number().int().positive().optional(),
  /** Guest time a module may use in any window, in and out of calls (default 5 × timeout_ms, at least 5 s). */
  cpu_budget_ms: z.number().int().positive().optional(),
  /** Guest time a module may use with no call in flight, in any window (default 100 ms). */
  background_ms: z.number().int().nonnegative().optional(),
  /** Caps of one provider stream: bytes of events, events, and wall time (defaults 8 MiB, 100,000, 10 minutes). */
  stream_max_bytes: z.number().int().positive().optional(),
  stream_max_events: z.number().int().positive().optional(),
  stream_timeout_ms: z.number().int().positive().optional(),
  placement: z.enum(["inline", "worker"]).optional(),
  permissions: sandboxPermissionsSchema.optional(),
});

/** Limits and permissions of one sandboxed module, as written in a plan. */
export type SandboxOptions = z.input<typeof sandboxOptionsSchema>;

/** Limits and permissions after parsing (permission defaults applied). */
export type ParsedSandboxOptions = z.output<typeof sandboxOptionsSchema>;
