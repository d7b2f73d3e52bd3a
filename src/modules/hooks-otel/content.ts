/**
 * Content on spans (prompts, completions, tool arguments and results), only when the plan opts in:
 * masked with hooks-redaction's rules first, shaped as the GenAI conventions' message JSON, and cut
 * to a length a collector accepts.
 */
import type { z } from "zod";
import { createRedactor, type redactionConfigSchema } from "../hooks-redaction/index.ts";

/** A GenAI message part (the conventions' input/output message JSON). */
type MessagePart =
  | { type: "text"; content: string }
  | { type: "reasoning"; content: string }
  | { type: "tool_call"; id: string; name: string; arguments: unknown };

/** A GenAI message. */
interface GenAiMessage {
  role: string;
  parts: MessagePart[];
  finish_reason?: string;
}

/** Turns content into span attribute values: redacted JSON strings, at most `maxChars` long. */
export class ContentRecorder {
  readonly #redactor: ReturnType<typeof createRedactor>;
  readonly #maxChars: number;

  constructor(redaction: Omit<z.output<typeof redactionConfigSchema>, "priority">, maxChars: number) {
    this.#redactor = createRedactor(redaction);
    this.#maxChars = maxChars;
  }

  /** Any JSON-like value (tool arguments, a tool's output), masked and serialised. */
  value(value: unknown): string {
    const { value: masked } = this.#redactor.redact(value);
    return this.#cut(typeof masked === "string" ? masked : (JSON.stringify(masked) ?? "null"));
  }

  /** One message of one role with a text part (a prompt, a turn's answer). */
  textMessage(role: string, text: string): string {
    return this.messages([{ role, parts: [{ type: "text", content: text }] }]);
  }

  /** A model's answer, from the content blocks the loop reported. */
  completion(blocks: readonly unknown[], finishReason: string | undefined): string {
    const parts = blocks.map(partOf).filter((part): part is MessagePart => part !== undefined);
    const message: GenAiMessage = { role: "assistant", parts };
    if (finishReason !== undefined) message.finish_reason = finishReason;
    return this.messages([message]);
  }

  /** Messages in the conventions' JSON. */
  messages(messages: GenAiMessage[]): string {
    return this.value(messages);
  }

  #cut(text: string): string {
    if (text.length <= this.#maxChars) return text;
    return `${text.slice(0, this.#maxChars)}… [${text.length - this.#maxChars} more chars]`;
  }
}

function partOf(block: unknown): MessagePart | undefined {
  if (typeof block !== "object" || block === null) return undefined;
  const item = block as Record<string, unknown>;
  if (item.type === "text" && typeof item.text === "string") return { type: "text", content: item.text };
  if (item.type === "thinking" && typeof item.thinking === "string")
    return { type: "reasoning", content: item.thinking };
  if (item.type === "tool_call") {
    return { type: "tool_call", id: String(item.id ?? ""), name: String(item.name ?? ""), arguments: item.input ?? {} };
  }
  return undefined;
}
