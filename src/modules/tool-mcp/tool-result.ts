/**
 * An MCP tool's answer as a kernel ToolResult: `isError` is `success: false`; a text-only answer
 * is its text; any other answer keeps every block (text, image, audio, embedded resource,
 * resource link) in `output.content`, in the kernel's snake_case shapes, with the server's
 * `structuredContent` beside them.
 */
import type { CallToolResult, ContentBlock } from "@modelcontextprotocol/sdk/types.js";
import { type ToolResult, toolResult } from "../../models/index.ts";

/** One MCP content block in the kernel's shape. */
export type McpOutputBlock =
  | { type: "text"; text: string }
  | { type: "image"; source: { type: "base64"; media_type: string; data: string } }
  | { type: "audio"; source: { type: "base64"; media_type: string; data: string } }
  | { type: "resource"; uri: string; mime_type?: string; text?: string; blob?: string }
  | { type: "resource_link"; uri: string; name: string; mime_type?: string; description?: string };

function convertBlock(block: ContentBlock): McpOutputBlock {
  switch (block.type) {
    case "text":
      return { type: "text", text: block.text };
    case "image":
    case "audio":
      return { type: block.type, source: { type: "base64", media_type: block.mimeType, data: block.data } };
    case "resource": {
      const { uri, mimeType } = block.resource;
      const body =
        "text" in block.resource ? { text: String(block.resource.text) } : { blob: String(block.resource.blob) };
      return { type: "resource", uri, ...(mimeType === undefined ? {} : { mime_type: mimeType }), ...body };
    }
    case "resource_link":
      return {
        type: "resource_link",
        uri: block.uri,
        name: block.name,
        ...(block.mimeType === undefined ? {} : { mime_type: block.mimeType }),
        ...(block.description === undefined ? {} : { description: block.description }),
      };
  }
}

/**
 * Maps a `tools/call` result.
 *
 * @example
 * mcpToolResult({ content: [{ type: "text", text: "4" }] }, "calc_add"); // { success: true, output: "4" }
 */
export function mcpToolResult(result: CallToolResult, toolName: string): ToolResult {
  const blocks = (result.content ?? []).map(convertBlock);
  const texts = blocks.flatMap((block) => (block.type === "text" ? [block.text] : []));
  const textOnly = texts.length === blocks.length && result.structuredContent === undefined;
  const output = textOnly
    ? texts.join("\n")
    : {
        content: blocks,
        ...(result.structuredContent === undefined ? {} : { structured_content: result.structuredContent }),
      };
  if (result.isError === true) {
    const message = texts.join("\n") || `${toolName}: the MCP server reported an error without text`;
    return toolResult({ success: false, output, error: { message, type: "mcp_tool_error" } });
  }
  return toolResult({ success: true, output });
}
