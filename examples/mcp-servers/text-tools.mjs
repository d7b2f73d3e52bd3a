// A small MCP server over stdio, written with the official SDK: two text tools. The CLI starts it
// as a child process for examples/plans/mcp.yaml (`command: node`, `args: [../mcp-servers/text-tools.mjs]`).
// Run it alone with `node examples/mcp-servers/text-tools.mjs` and speak JSON-RPC on stdin.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const server = new McpServer({ name: "text-tools", version: "1.0.0" });

server.registerTool(
  "count_words",
  { description: "Counts the words in a text", inputSchema: { text: z.string() } },
  async ({ text }) => {
    const words = text.split(/\s+/).filter((word) => word !== "").length;
    return { content: [{ type: "text", text: `${words} words` }] };
  },
);

server.registerTool(
  "shout",
  { description: "Upper-cases a text and adds an exclamation mark", inputSchema: { text: z.string() } },
  async ({ text }) => ({ content: [{ type: "text", text: `${text.toUpperCase()}!` }] }),
);

await server.connect(new StdioServerTransport());
