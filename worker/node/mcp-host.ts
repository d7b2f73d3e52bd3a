/**
 * What the CLI lends `tool-mcp`: the network under each server's grant (the sandbox's fetch gate:
 * https to granted hosts only, private addresses refused, credentials from the CLI's environment
 * injected by the host and scrubbed), and the stdio transport, which only Node has: a server with
 * a `command` runs as a child process of the CLI, in the plan's directory unless it names another.
 */
import { resolve } from "node:path";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { HostFetch } from "../../sandbox/kernel/capabilities/fetch-gate.ts";
import { mcpNetwork } from "../../sandbox/kernel/capabilities/granted-fetch.ts";
import type { ToolMcpOptions } from "../../src/modules/tool-mcp/host-seam.ts";

/** Options of {@link nodeToolMcpOptions}. */
export interface NodeMcpOptions {
  /** Where the secrets a grant names come from (the CLI passes its environment). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Working directory of stdio servers that name none (the plan's directory). */
  readonly planDir?: string | undefined;
  /** The fetch behind granted requests (default Node's); tests route it to 127.0.0.1. */
  readonly fetch?: HostFetch | undefined;
  /** Where a stdio server's stderr goes (default inherited: the CLI's stderr). */
  readonly stderr?: "inherit" | "ignore" | undefined;
}

/**
 * `tool-mcp`'s host options in Node.
 *
 * @example
 * createSession(plan, { modules: withToolMcp(builtinModules, nodeToolMcpOptions({ env: process.env, planDir })) });
 */
export function nodeToolMcpOptions(options: NodeMcpOptions): ToolMcpOptions {
  const env = options.env;
  return {
    network: mcpNetwork({ fetch: options.fetch, secrets: (name) => env[name] }),
    stdio: (server) =>
      new StdioClientTransport({
        command: server.command,
        args: server.args,
        // The child gets the SDK's safe defaults (PATH, HOME, ...) and what the plan names, not the CLI's secrets.
        env: { ...getDefaultEnvironment(), ...server.env },
        cwd: resolve(options.planDir ?? process.cwd(), server.cwd ?? "."),
        stderr: options.stderr ?? "inherit",
      }),
    runtime: "Node",
  };
}
