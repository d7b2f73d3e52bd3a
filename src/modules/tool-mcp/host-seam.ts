/**
 * What `tool-mcp` takes from its host, and nothing else: the network (a fetch built by the host
 * under the plan's grant for one server: amplifier-edge's hosts build it from the sandbox's fetch
 * gate), the stdio transport (Node only), OAuth providers, and a scheduler for reconnects. The
 * module itself opens no connection the host did not hand it.
 */
import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type { FetchLike, Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { Coordinator } from "../../contracts.ts";
import type { SandboxSecret } from "../../plan/sandbox-options.ts";
import type { Scheduler } from "./backoff.ts";
import type { McpHttpServerConfig, McpStdioServerConfig } from "./config.ts";

/** The network one HTTP server may use, as the plan grants it (the server's own host and port included). */
export interface McpNetworkGrant {
  /** Host patterns, as `permissions.fetch` takes them. */
  readonly fetch: readonly string[];
  /** Credentials the host injects per host (and the server's `bearer_secret`). */
  readonly secrets: readonly SandboxSecret[];
}

/** What the host is asked for when a server connects. */
export interface McpNetworkRequest {
  readonly server: McpHttpServerConfig;
  readonly grant: McpNetworkGrant;
  /** Where the grant is in the plan, for error messages (`config.servers[0].permissions`). */
  readonly where: string;
  readonly moduleId: string;
  /** To report refusals (`policy:violation`). */
  readonly coordinator: Coordinator;
}

/** Builds the fetch of one server's connection. */
export type McpNetwork = (request: McpNetworkRequest) => FetchLike;

/** Starts a stdio server's process and gives its transport (Node only). */
export type McpStdio = (server: McpStdioServerConfig) => Transport;

/** Options of `createToolMcp`: what the host lends the module. */
export interface ToolMcpOptions {
  /** The network of HTTP servers. Without it, a server with a `url` cannot connect. */
  readonly network?: McpNetwork | undefined;
  /** The stdio transport. Without it, a server with a `command` is refused, naming {@link runtime}. */
  readonly stdio?: McpStdio | undefined;
  /** The runtime, in words, for refusals ("Cloudflare Workers", "the browser"). */
  readonly runtime?: string | undefined;
  /** An OAuth client for a server, where the application can run the authorization flow. */
  readonly oauth?: ((server: McpHttpServerConfig) => OAuthClientProvider | undefined) | undefined;
  /** When reconnects happen (default the runtime's timers). */
  readonly scheduler?: Scheduler | undefined;
}
