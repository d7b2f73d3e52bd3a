/**
 * The conversation `provider-mock` holds when it has no script, so the playground and the CLI work
 * offline: a message that is an offered tool's name, with a JSON object of arguments or none
 * (`docs_search {"query": "mcp"}`), calls that tool; an arithmetic question calls the `calculator`
 * tool (when it is offered), a URL calls `web_fetch` (when offered), a tool result is reported back,
 * and anything else is echoed.
 */
import { describeError } from "../../errors.ts";
import type { ChatRequest, Message } from "../../models/index.ts";
import type { ScriptStep } from "./script.ts";

const EXPRESSION_PATTERN =
  /(?:(?:sqrt|abs|floor|ceil|exp|sin|cos|tan|round|log|min|max)\s*\(|\bpi\b|\d+(?:\.\d+)?|\*\*|[-+*/^%×÷(),]|[ \t])+/gi;

/** The longest arithmetic expression in `text` (with a number and an operator or a function), if any. */
export function findExpression(text: string): string | undefined {
  let best: string | undefined;
  for (const match of text.matchAll(EXPRESSION_PATTERN)) {
    const candidate = match[0]
      .replace(/×/g, "*")
      .replace(/÷/g, "/")
      .trim()
      .replace(/^[,)*/^%+\s]+|[,(*/^%+\-\s]+$/g, "");
    const hasNumber = /\d|\bpi\b/i.test(candidate);
    const hasOperation = /\d\s*(?:[-+*/^%]|\*\*)\s*[\d(a-z]|[a-z]\s*\(/i.test(candidate);
    if (hasNumber && hasOperation && candidate.length > (best?.length ?? 0)) best = candidate;
  }
  return best;
}

function textOf(message: Message): string {
  if (typeof message.content === "string") return message.content;
  return message.content
    .map((block) => (block.type === "text" ? block.text : ""))
    .filter((text) => text !== "")
    .join("\n");
}

function offers(request: ChatRequest, toolName: string): boolean {
  return request.tools?.some((tool) => tool.name === toolName) ?? false;
}

function reportToolResults(messages: readonly Message[]): ScriptStep {
  let start = messages.length;
  while (start > 0 && messages[start - 1]!.role === "tool") start--;
  const results = messages.slice(start);
  const lines = results.map((message) => {
    const content = textOf(message);
    const shown = content.length > 500 ? `${content.slice(0, 500)}…` : content;
    // Only a number is "the answer"; anything else (a refusal, an error) is reported as what the tool said.
    return results.length === 1 && message.name === "calculator" && Number.isFinite(Number(content.trim()))
      ? `The answer is ${shown}.`
      : `${message.name ?? "The tool"} returned: ${shown}`;
  });
  return { text: lines.join("\n") };
}

/** `name` or `name {json}` where `name` is an offered tool: the call it asks for, or why it cannot be made. */
function namedToolCall(text: string, request: ChatRequest): ScriptStep | undefined {
  const match = /^([A-Za-z0-9_.-]{1,128})(?:\s+(\{[\s\S]*\}))?$/.exec(text);
  const name = match?.[1];
  if (name === undefined || !offers(request, name)) return undefined;
  let input: Record<string, unknown> = {};
  try {
    // The pattern admits only `{...}`, so what parses is an object.
    if (match?.[2] !== undefined) input = JSON.parse(match[2]) as Record<string, unknown>;
  } catch (error) {
    return { text: `The arguments after ${name} are not JSON (${describeError(error)}); write them as an object.` };
  }
  return { text: `Let me call ${name}.`, tool_calls: [{ name, arguments: input }] };
}

/** The default answer to `request`. */
export function defaultStep(request: ChatRequest): ScriptStep {
  const messages = request.messages;
  const last = messages.at(-1);
  if (last?.role === "tool") return reportToolResults(messages);
  const lastUser = [...messages].reverse().find((message) => message.role === "user");
  const text = lastUser ? textOf(lastUser).trim() : "";
  const named = namedToolCall(text, request);
  if (named) return named;
  const expression = findExpression(text);
  if (expression && offers(request, "calculator")) {
    return { text: `Let me calculate ${expression}.`, tool_calls: [{ name: "calculator", arguments: { expression } }] };
  }
  const url = /https?:\/\/[^\s"'<>)]+/.exec(text)?.[0];
  if (url && offers(request, "web_fetch")) {
    return { text: `Let me fetch ${url}.`, tool_calls: [{ name: "web_fetch", arguments: { url } }] };
  }
  if (text === "") return { text: "Hello! I am the offline mock provider. Ask me an arithmetic question." };
  return { text: `You said: ${text}` };
}
