/**
 * `tool-mcp`: the tools of MCP servers as kernel tools, on the official `@modelcontextprotocol/sdk`.
 * The plan names the servers (`url`: Streamable HTTP with the legacy SSE transport as a fallback;
 * `command` + `args`: stdio, Node only); on mount each is connected, its tools listed and mounted
 * (prefixed or renamed by config, the server's JSON Schema as `input_schema`), and kept in step
 * with `tools/list_changed`. Calls honour cancellation (the MCP cancel notification on abort) and
 * pass progress on as `mcp:progress` events; a lost connection is retried with backoff.
 *
 * An MCP server is third-party code: the module opens no connection of its own. Its host lends it
 * the network (amplifier-edge's hosts build it from the sandbox's fetch gate under the server's
 * grant: https to the server's host and the plan's `permissions.fetch` only, private addresses
 * refused, credentials injected by the host and scrubbed) and, in Node, the stdio transport.
 */
import type { ModuleDefinition, ModuleRegistry } from "../../contracts.ts";
import { toModuleRegistry } from "../../loader.ts";
import { parseModuleConfig } from "../shared/config.ts";
import { ApprovalMarks } from "./approval-marks.ts";
import { timerScheduler } from "./backoff.ts";
import { mcpConfigSchema } from "./config.ts";
import type { ToolMcpOptions } from "./host-seam.ts";
import { ServerLink } from "./server-link.ts";

export { backoffDelay, type Scheduler, timerScheduler } from "./backoff.ts";
export {
  type McpConfig,
  type McpHttpServerConfig,
  type McpServerConfig,
  type McpStdioServerConfig,
  mcpConfigSchema,
} from "./config.ts";
export type { McpNetwork, McpNetworkGrant, McpNetworkRequest, McpStdio, ToolMcpOptions } from "./host-seam.ts";
export { networkGrant } from "./open-client.ts";
export { mcpToolResult } from "./tool-result.ts";

/**
 * Builds `tool-mcp` with what its host lends it.
 *
 * @example
 * const toolMcp = createToolMcp({ network: ({ grant }) => gatedFetchFor(grant), runtime: "the browser" });
 * createSession(plan, { modules: { ...builtinModules, "tool-mcp": toolMcp } });
 */
export function createToolMcp(options: ToolMcpOptions = {}): ModuleDefinition {
  return {
    id: "tool-mcp",
    type: "tool",
    description: "Mounts the tools of MCP servers (Streamable HTTP, SSE, or stdio in Node).",
    version: "1.0.0",
    async mount(coordinator, config) {
      const parsed = parseModuleConfig("tool-mcp", mcpConfigSchema, config);
      const approvals = new ApprovalMarks(coordinator);
      const links = parsed.servers.map(
        (server, index) =>
          new ServerLink({
            server,
            where: `config.servers[${index}]`,
            moduleId: "tool-mcp",
            coordinator,
            host: options,
            reconnect: parsed.reconnect,
            scheduler: options.scheduler ?? timerScheduler,
            approvals,
          }),
      );
      const close = async () => {
        await Promise.allSettled(links.map((link) => link.close()));
        approvals.dispose();
      };
      const started = await Promise.allSettled(links.map((link) => link.start()));
      const failed = started.find((outcome) => outcome.status === "rejected");
      if (failed) {
        await close();
        throw failed.reason;
      }
      return close;
    },
  };
}

/**
 * `tool-mcp` with no host: it refuses servers until a host lends it a network (and, in Node, stdio).
 * The web worker host, the Cloudflare service and the CLI mount their own.
 */
export const toolMcp: ModuleDefinition = createToolMcp();

/**
 * `modules` with its host-less `tool-mcp` replaced by one bound to `options` (a host's network and
 * stdio); a `tool-mcp` the application built itself, or none, is left as it is.
 *
 * @example
 * createSession(plan, { modules: withToolMcp(builtinModules, { network, runtime: "Cloudflare Workers" }) });
 */
export function withToolMcp(
  modules: ModuleRegistry | readonly ModuleDefinition[],
  options: ToolMcpOptions,
): ModuleRegistry {
  const registry = toModuleRegistry(modules);
  if (registry["tool-mcp"] !== toolMcp) return registry;
  return Object.freeze({ ...registry, "tool-mcp": createToolMcp(options) });
}
