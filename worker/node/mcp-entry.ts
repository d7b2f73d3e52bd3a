/**
 * `amplifier-edge/mcp/node`: MCP in a Node application. `serveMcp` serves a session's tools as an
 * MCP server from this process; `nodeToolMcpOptions` is what `tool-mcp` needs in Node (the gated
 * network and stdio servers), as the CLI gives it: `withToolMcp(builtinModules, nodeToolMcpOptions(...))`.
 */
export { type NodeMcpOptions, nodeToolMcpOptions } from "./mcp-host.ts";
export { type ServedMcp, type ServeMcpOptions, serveMcp } from "./mcp-serve.ts";
