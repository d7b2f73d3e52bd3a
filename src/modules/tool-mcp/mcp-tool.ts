/**
 * One tool of an MCP server, mounted as a kernel tool: the server's name, description and JSON
 * Schema, and an `execute` that calls it through the server's link, which never throws.
 */
import type { Tool as McpToolSpec } from "@modelcontextprotocol/sdk/types.js";
import type { CallOptions, Tool } from "../../contracts.ts";
import type { JsonSchema, ToolResult } from "../../models/index.ts";

/** What a mounted tool needs from its server's link. */
export interface ToolCaller {
  readonly serverName: string;
  call(tool: McpTool, input: Record<string, unknown>, signal: AbortSignal | undefined): Promise<ToolResult>;
}

/** An MCP tool as the kernel sees it. */
export class McpTool implements Tool {
  readonly name: string;
  readonly description: string;
  readonly input_schema: JsonSchema;
  /** The server's name for it. */
  readonly mcpName: string;
  /** The server's definition, as listed (to tell a changed tool from an unchanged one). */
  readonly spec: McpToolSpec;
  readonly #caller: ToolCaller;

  constructor(name: string, spec: McpToolSpec, caller: ToolCaller) {
    this.name = name;
    this.mcpName = spec.name;
    this.spec = spec;
    this.description =
      spec.description?.trim() ||
      spec.annotations?.title ||
      spec.title ||
      `${spec.name} (MCP server ${caller.serverName})`;
    this.input_schema = spec.inputSchema as JsonSchema;
    this.#caller = caller;
  }

  execute(input: Record<string, unknown>, options: CallOptions = {}): Promise<ToolResult> {
    return this.#caller.call(this, input, options.signal);
  }
}
