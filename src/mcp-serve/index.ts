/**
 * `amplifier-edge/mcp`: a session's mounted tools served as an MCP server over Streamable HTTP, so
 * other agents (any MCP client) can list and call them, sandboxed tools included, each call through
 * the kernel's tool path (hooks, approvals, validation). Web-standard; for a Node server see
 * `amplifier-edge/mcp/node`, for the Cloudflare service its `/v1/sessions/:id/mcp` route.
 */
export { callToolResult } from "./call-tool-result.ts";
export { createMcpEndpoint, McpEndpoint, type McpEndpointOptions } from "./mcp-endpoint.ts";
export { servedTools } from "./served-tools.ts";
