/** Small conversions every wire format needs: text of content, tool output as text, image sources. */
import { formatIssuePath, KernelError } from "../../errors.ts";
import type { IssuePath } from "../../issues.ts";
import { blocksToText, type ContentBlock, type Message } from "../../models/index.ts";

/** An image source every API can take: inline base64 data or a URL. */
export type ImageSource = { kind: "base64"; media_type: string; data: string } | { kind: "url"; url: string };

/**
 * Reads an image block's `source`: `{type:"base64", media_type, data}`, `{type:"url", url}`, or
 * `{url: "data:<type>;base64,<data>"}` (the OpenAI shape).
 *
 * @throws KernelError `invalid_message` naming `path` when the source is none of these.
 */
export function readImageSource(source: Record<string, unknown>, path: IssuePath): ImageSource {
  if (source.type === "base64" && typeof source.media_type === "string" && typeof source.data === "string") {
    return { kind: "base64", media_type: source.media_type, data: source.data };
  }
  const url = typeof source.url === "string" ? source.url : undefined;
  if (url !== undefined) {
    const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
    if (match) return { kind: "base64", media_type: match[1]!, data: match[2]! };
    if (/^https?:\/\//.test(url)) return { kind: "url", url };
  }
  const message = 'an image source must be {type:"base64", media_type, data}, {type:"url", url} or a data: URL';
  throw new KernelError("invalid_message", `${formatIssuePath(path)}: ${message}`, {
    issues: [{ path, message, code: "invalid_value" }],
  });
}

/** The image as a URL (a data: URL for inline data). */
export function imageUrl(source: ImageSource): string {
  return source.kind === "url" ? source.url : `data:${source.media_type};base64,${source.data}`;
}

/** Tool output as the text a model reads: strings as they are, anything else as JSON. */
export function toolOutputText(output: unknown): string {
  if (typeof output === "string") return output;
  if (output === undefined || output === null) return "";
  try {
    return JSON.stringify(output) ?? String(output);
  } catch {
    return String(output);
  }
}

/** The text of message content: the string itself, or its text blocks as {@link blocksToText} joins them. */
export function textOf(content: Message["content"]): string {
  return typeof content === "string" ? content : blocksToText(content);
}

/** Content as a list of blocks (a string becomes one text block; empty strings none). */
export function blocksOf(content: Message["content"]): ContentBlock[] {
  if (typeof content !== "string") return content;
  return content === "" ? [] : [{ type: "text", text: content }];
}

/** A tool choice read from Amplifier's loose form (string or dict). */
export type ToolChoice = { mode: "auto" } | { mode: "none" } | { mode: "required" } | { mode: "tool"; name: string };

/**
 * Reads `tool_choice`: "auto" | "none" | "required" | "any" | a tool name, or a dict in the Anthropic
 * (`{type:"tool", name}`) or OpenAI (`{type:"function", function:{name}}`) shape.
 *
 * @throws KernelError `invalid_message` for anything else.
 */
export function readToolChoice(choice: string | Record<string, unknown>): ToolChoice {
  if (typeof choice === "string") {
    if (choice === "auto" || choice === "none") return { mode: choice };
    if (choice === "required" || choice === "any") return { mode: "required" };
    return { mode: "tool", name: choice };
  }
  const type = choice.type;
  if (type === "auto" || type === "none") return { mode: type };
  if (type === "any" || type === "required") return { mode: "required" };
  const fn = choice.function as { name?: unknown } | undefined;
  const name = typeof choice.name === "string" ? choice.name : typeof fn?.name === "string" ? fn.name : undefined;
  if (name !== undefined) return { mode: "tool", name };
  throw new KernelError(
    "invalid_message",
    `tool_choice: expected "auto", "none", "required" or a tool name, got ${JSON.stringify(choice)}`,
    {
      issues: [
        { path: ["tool_choice"], message: 'expected "auto", "none", "required" or a tool name', code: "invalid_value" },
      ],
    },
  );
}

/** Tool parameters as an object JSON Schema (APIs reject schemas without `type: "object"`). */
export function objectSchema(parameters: Record<string, unknown>): Record<string, unknown> {
  if (parameters.type === "object")
    return parameters.properties === undefined ? { ...parameters, properties: {} } : parameters;
  if (Object.keys(parameters).length === 0) return { type: "object", properties: {} };
  return { type: "object", ...parameters, ...(parameters.properties === undefined ? { properties: {} } : {}) };
}
