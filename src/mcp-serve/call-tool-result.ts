/**
 * A kernel ToolResult as an MCP `tools/call` result: `success: false` is `isError`; the blocks of an
 * MCP-shaped output (what `tool-mcp` mounts: text, image, audio, resource, resource link, in the
 * kernel's snake_case) go back to MCP's shapes; anything else is the text a model would read.
 */
import type { CallToolResult, ContentBlock } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { serializeToolOutput, type ToolResult } from "../models/index.ts";

const base64Source = z.object({ type: z.literal("base64"), media_type: z.string(), data: z.string() });

/** The kernel's shape of MCP content blocks (see tool-mcp's `McpOutputBlock`). */
const outputBlockSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string() }),
  z.object({ type: z.literal("image"), source: base64Source }),
  z.object({ type: z.literal("audio"), source: base64Source }),
  z.object({
    type: z.literal("resource"),
    uri: z.string(),
    mime_type: z.string().optional(),
    text: z.string().optional(),
    blob: z.string().optional(),
  }),
  z.object({
    type: z.literal("resource_link"),
    uri: z.string(),
    name: z.string(),
    mime_type: z.string().optional(),
    description: z.string().optional(),
  }),
]);

const blockOutputSchema = z.object({
  content: z.array(outputBlockSchema).min(1),
  structured_content: z.record(z.string(), z.unknown()).optional(),
});

type OutputBlock = z.infer<typeof outputBlockSchema>;

function mcpBlock(block: OutputBlock): ContentBlock {
  switch (block.type) {
    case "text":
      return block;
    case "image":
    case "audio":
      return { type: block.type, data: block.source.data, mimeType: block.source.media_type };
    case "resource": {
      const mimeType = block.mime_type === undefined ? {} : { mimeType: block.mime_type };
      const body = block.blob === undefined ? { text: block.text ?? "" } : { blob: block.blob };
      return { type: "resource", resource: { uri: block.uri, ...mimeType, ...body } };
    }
    case "resource_link":
      return {
        type: "resource_link",
        uri: block.uri,
        name: block.name,
        ...(block.mime_type === undefined ? {} : { mimeType: block.mime_type }),
        ...(block.description === undefined ? {} : { description: block.description }),
      };
  }
}

/**
 * Maps what one call produced. `seen` is the text the kernel's `tool:post` hooks left for the model
 * (a redaction hook may have rewritten it): when it differs from the result's own text, the caller
 * gets that text and nothing else, as the model would.
 *
 * @example
 * callToolResult(toolFailure("no such file"), "no such file"); // { isError: true, content: [{ type: "text", text: "no such file" }] }
 */
export function callToolResult(result: ToolResult, seen: string): CallToolResult {
  const isError = !result.success;
  const own = serializeToolOutput(result);
  const blocks = seen === own ? blockOutputSchema.safeParse(result.output) : undefined;
  if (blocks?.success) {
    const structured = blocks.data.structured_content;
    return {
      content: blocks.data.content.map(mcpBlock),
      ...(structured === undefined ? {} : { structuredContent: structured }),
      ...(isError ? { isError } : {}),
    };
  }
  return { content: [{ type: "text", text: seen }], ...(isError ? { isError } : {}) };
}
