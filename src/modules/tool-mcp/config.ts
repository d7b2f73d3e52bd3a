/**
 * Config of `tool-mcp`: the MCP servers a plan names, how their tools are named and approved, and
 * how a lost connection is retried. A server is reached by `url` (Streamable HTTP, with the legacy
 * SSE transport as a fallback) or, in Node only, by `command` (stdio).
 */
import { z } from "zod";
import { sandboxSecretSchema } from "../../plan/sandbox-options.ts";

/** A name that is safe in a tool name and an event (`docs`, `github-issues`). */
const serverNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,32}$/, "must be 1 to 32 letters, digits, _ or - (it prefixes the tool names)");

/** Which tools of a server need the user's approval (through hooks-approval). */
export const approvalSchema = z.union([z.enum(["always", "never"]), z.array(z.string().min(1))], {
  error: 'expected "always", "never" or a list of tool names',
});

/** How a server's tools are named and approved. */
const toolsShape = {
  /** Put before every tool name; default `<name>_`. An empty string keeps the server's names. */
  tool_prefix: z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/, "letters, digits, _ or - only")
    .max(32)
    .optional(),
  /** Names to use instead of the server's (`{ search: find_docs }`); the prefix is not added to these. */
  tool_names: z
    .record(z.string(), z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "1 to 64 letters, digits, _ or -"))
    .default({}),
  /** Only these tools (the server's names, globs allowed); default all. */
  include: z.array(z.string().min(1)).optional(),
  /** Never these tools (the server's names, globs allowed). */
  exclude: z.array(z.string().min(1)).default([]),
  /** `always`, `never` (the default), or the tools (the server's names or the mounted ones) that need approval. */
  approval: approvalSchema.default("never"),
  /** Time a request to the server may take; progress notifications restart it (default 60 s). */
  timeout_ms: z.number().int().positive().max(3_600_000).default(60_000),
};

/** A server reached over HTTP. */
const httpServerSchema = z.strictObject({
  name: serverNameSchema,
  url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL of the server's MCP endpoint" }),
  /** `auto` tries Streamable HTTP, then the legacy SSE transport when the server refuses the first. */
  transport: z.enum(["auto", "streamable-http", "sse"]).default("auto"),
  /** Headers sent as they are. Not for credentials: `bearer_secret` and `permissions.secrets` are injected by the host and scrubbed. */
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/, "a header name"), z.string()).default({}),
  /** Name of a secret in the host's env map, sent as `Authorization: Bearer <value>` to the server's own host only. */
  bearer_secret: z.string().min(1).optional(),
  /**
   * More network the connection may use besides the server's own host and port (an OAuth server,
   * a redirect to another host), and credentials the host adds per host: `permissions.fetch` and
   * `permissions.secrets` of a sandboxed module, with the same rules.
   */
  permissions: z
    .strictObject({
      fetch: z.array(z.string().min(1)).default([]),
      secrets: z.array(sandboxSecretSchema).default([]),
    })
    .default({ fetch: [], secrets: [] }),
  ...toolsShape,
});

/** A server started as a local process (Node only). */
const stdioServerSchema = z.strictObject({
  name: serverNameSchema,
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  /** Environment of the process (besides the host's safe defaults: PATH, HOME, ...). */
  env: z.record(z.string(), z.string()).default({}),
  /** Working directory (default: the plan's directory in the CLI). */
  cwd: z.string().min(1).optional(),
  ...toolsShape,
});

/** One MCP server. */
export const serverSchema = z.union([httpServerSchema, stdioServerSchema], {
  error: (issue) =>
    issue.code === "invalid_union"
      ? "expected a server with a name and either url (HTTP) or command (stdio)"
      : undefined,
});

/** Retrying a lost connection: `initial_delay_ms × factor^attempt`, at most `max_delay_ms`, `max_attempts` times. */
export const reconnectSchema = z.strictObject({
  initial_delay_ms: z.number().int().nonnegative().default(500),
  max_delay_ms: z.number().int().nonnegative().default(30_000),
  factor: z.number().min(1).max(10).default(2),
  max_attempts: z.number().int().nonnegative().default(10),
});

/** Config of `tool-mcp`. */
export const mcpConfigSchema = z
  .strictObject({
    servers: z.array(serverSchema).min(1, "name at least one MCP server"),
    reconnect: reconnectSchema.default({ initial_delay_ms: 500, max_delay_ms: 30_000, factor: 2, max_attempts: 10 }),
  })
  .superRefine((config, context) => {
    const seen = new Map<string, number>();
    config.servers.forEach((server, index) => {
      const first = seen.get(server.name);
      if (first !== undefined) {
        context.addIssue({
          code: "custom",
          path: ["servers", index, "name"],
          message: `"${server.name}" is already the name of servers[${first}]`,
        });
      } else seen.set(server.name, index);
    });
  });

/** Parsed config of `tool-mcp`. */
export type McpConfig = z.output<typeof mcpConfigSchema>;

/** One server, parsed. */
export type McpServerConfig = McpConfig["servers"][number];

/** A server reached over HTTP, parsed. */
export type McpHttpServerConfig = Extract<McpServerConfig, { url: string }>;

/** A server started as a process, parsed. */
export type McpStdioServerConfig = Extract<McpServerConfig, { command: string }>;

/** The reconnect policy, parsed. */
export type ReconnectPolicy = McpConfig["reconnect"];

/** True for a server reached over HTTP. */
export function isHttpServer(server: McpServerConfig): server is McpHttpServerConfig {
  return "url" in server;
}
