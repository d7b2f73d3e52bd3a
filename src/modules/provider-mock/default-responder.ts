/**
 * The conversation `provider-mock` holds when it has no script, so the playground and the CLI work
 * offline: `call TOOL with {json}` calls any tool offered, an arithmetic question calls the
 * `calculator` tool (when it is offered), a URL calls `web_fetch` (when offered), a tool result is
 * reported back, and anything else is echoed.
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

/** `call word_count with {"text": "a b"}` (the arguments may be left out: `call history_stats`). */
const CALL_DIRECTIVE = /^call\s+([A-Za-z0-9_.:-]+)(?:\s+with\s+([\s\S]*))?$/i;

/**
 * The step for a message that asks for a tool by name, so that any tool can be reached offline; a
 * tool that is not offered, or arguments that are not a JSON object, are answered in words.
 */
function directedCall(text: string, request: ChatRequest): ScriptStep | undefined {
  const match = CALL_DIRECTIVE.exec(text);
  const name = match?.[1];
  if (match === null || name === undefined) return undefined;
  const argumentsText = match[2]?.trim();
  const offered = request.tools?.map((tool) => tool.name) ?? [];
  // "call me later" is conversation, not a directive: only a known tool or `with {` makes one.
  if (!offered.includes(name)) {
    if (argumentsText === undefined || !argumentsText.startsWith("{")) return undefined;
    const list = offered.length > 0 ? `the tools offered are ${offered.join(", ")}` : "no tools are offered";
    return { text: `I cannot call ${name}: ${list}.` };
  }
  let input: unknown = {};
  if (argumentsText !== undefined && argumentsText !== "") {
    try {
      input = JSON.parse(argumentsText);
    } catch (error) {
      return { text: `The arguments for ${name} are not JSON: ${describeError(error)}` };
    }
  }
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    return { text: `The arguments for ${name} must be a JSON object, like {"text": "…"}.` };
  }
  return { text: `Calling ${name}.`, tool_calls: [{ name, arguments: input }] };
}

/** The default answer to `request`. */
export function defaultStep(request: ChatRequest): ScriptStep {
  const messages = request.messages;
  const last = messages.at(-1);
  if (last?.role === "tool") return reportToolResults(messages);
  const lastUser = [...messages].reverse().find((message) => message.role === "user");
  const text = lastUser ? textOf(lastUser).trim() : "";
  const directed = directedCall(text, request);
  if (directed) return directed;
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
