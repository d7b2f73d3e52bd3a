/**
 * Every recorded stream and body of `tests/fixtures/provider-wire` replayed through its provider,
 * and checked against what the recording itself says, read by a deliberately naive oracle in this
 * file (concatenated text deltas, tool-call arguments gathered by index or id, the reported input
 * tokens): the provider must agree with the wire, whatever its own parser does.
 */
import { describe, expect, it } from "vitest";
import type { ChatResponse, StreamEvent } from "../../../src/models/index.ts";
import { createAnthropicProvider } from "../../../src/modules/provider-anthropic/index.ts";
import { createOpenAiProvider } from "../../../src/modules/provider-openai/index.ts";
import type { Exchange } from "../../fixtures/providers/exchange.ts";
import { chatCompletionStream, jsonExchange, namedEventStream, streamExchange } from "../../fixtures/providers/wire.ts";
import { collect, withReplay } from "./harness.ts";
import type { Transport } from "./transport.ts";

const FILES: Record<string, string> = import.meta.glob("../../fixtures/provider-wire/*/*", {
  query: "?raw",
  import: "default",
  eager: true,
});

/** What a recording says: its text, its tool calls, the input tokens reported. */
interface Expected {
  text: string;
  calls: { name: string; arguments: Record<string, unknown>; incomplete?: true }[];
  input_tokens?: number;
}

/** Arguments as the recording has them; text that is not whole JSON was cut off. */
function argumentsOf(json: string): { arguments: Record<string, unknown>; incomplete?: true } {
  try {
    return { arguments: JSON.parse(json || "{}") as Record<string, unknown> };
  } catch {
    return { arguments: {}, incomplete: true };
  }
}

// biome-ignore lint/suspicious/noExplicitAny: the oracle walks recorded wire JSON of several APIs, whatever its shape.
type Json = Record<string, any>;

function lines(text: string, sse: boolean): Json[] {
  const raw = sse
    ? text
        .split("\n")
        .filter((line) => line.startsWith("data: "))
        .map((line) => line.slice(6))
    : text.split("\n");
  return raw.filter((line) => line.trim() !== "" && line.trim() !== "[DONE]").map((line) => JSON.parse(line) as Json);
}

function anthropicOracle(events: Json[]): Expected {
  const json = new Map<number, string>();
  const names = new Map<number, string>();
  let text = "";
  let input_tokens: number | undefined;
  for (const event of events) {
    if (event.type === "message_start") input_tokens = event.message.usage?.input_tokens;
    if (event.type === "message_delta" && event.usage?.input_tokens !== undefined)
      input_tokens = event.usage.input_tokens;
    if (event.type === "content_block_start" && event.content_block.type === "tool_use") {
      names.set(event.index, event.content_block.name);
      json.set(event.index, "");
    }
    if (event.type === "content_block_delta" && event.delta.type === "text_delta") text += event.delta.text;
    if (event.type === "content_block_delta" && event.delta.type === "input_json_delta" && json.has(event.index)) {
      json.set(event.index, json.get(event.index) + event.delta.partial_json);
    }
  }
  const calls = [...names].map(([index, name]) => ({ name, ...argumentsOf(json.get(index) ?? "") }));
  return { text, calls, ...(input_tokens === undefined ? {} : { input_tokens }) };
}

function chatOracle(chunks: Json[]): Expected {
  let text = "";
  const calls = new Map<string, { name: string; json: string }>();
  let last = "";
  let input_tokens: number | undefined;
  for (const chunk of chunks) {
    if (chunk.usage?.prompt_tokens !== undefined) input_tokens = chunk.usage.prompt_tokens;
    for (const choice of chunk.choices ?? []) {
      text += choice.delta?.content ?? choice.delta?.refusal ?? "";
      for (const part of choice.delta?.tool_calls ?? []) {
        const key = part.index !== undefined ? `#${part.index}` : part.id ? `id ${part.id}` : last;
        last = key;
        const call = calls.get(key) ?? { name: "", json: "" };
        call.name ||= part.function?.name ?? "";
        call.json += part.function?.arguments ?? "";
        calls.set(key, call);
      }
    }
  }
  const parsed = [...calls.values()].map((call) => ({ name: call.name, ...argumentsOf(call.json) }));
  return { text, calls: parsed, ...(input_tokens === undefined ? {} : { input_tokens }) };
}

function bodyOracle(body: Json): Expected {
  if (Array.isArray(body.content)) {
    return {
      text: body.content
        .filter((block: Json) => block.type === "text")
        .map((block: Json) => block.text)
        .join(""),
      calls: body.content
        .filter((block: Json) => block.type === "tool_use")
        .map((block: Json) => ({ name: block.name, arguments: block.input })),
      input_tokens: body.usage.input_tokens,
    };
  }
  const message = body.choices[0].message;
  return {
    text: message.content ?? "",
    calls: (message.tool_calls ?? []).map((call: Json) => ({
      name: call.function.name,
      arguments: JSON.parse(call.function.arguments),
    })),
    input_tokens: body.usage.prompt_tokens,
  };
}

interface Recording {
  readonly file: string;
  readonly api: "anthropic" | "chat";
  readonly exchange: Exchange;
  readonly expected: Expected;
  readonly stream: boolean;
}

function recordings(): Recording[] {
  const out: Recording[] = [];
  for (const [path, text] of Object.entries(FILES)) {
    const file = path.split("/provider-wire/")[1]!;
    const [folder, name] = file.split("/") as [string, string];
    // Errors, Responses API, workers-ai and the multi-request ToolRunner file have their own suites.
    if (name.startsWith("inline-error") || name.startsWith("inline-overloaded") || name.startsWith("inline-529"))
      continue;
    if (name.startsWith("lmstudio") || name.includes("toolrunner") || folder === "workers-ai") continue;
    if (name.endsWith(".md") || name.endsWith(".tsv")) continue;
    const api = folder === "anthropic" ? "anthropic" : "chat";
    const path_ = api === "anthropic" ? "/v1/messages" : "/v1/chat/completions";
    if (name.endsWith(".json")) {
      out.push({
        file,
        api,
        stream: false,
        exchange: jsonExchange(path_, text),
        expected: bodyOracle(JSON.parse(text)),
      });
      continue;
    }
    const sse = name.endsWith(".sse");
    const events = lines(text, sse);
    const body = sse ? text : api === "anthropic" ? namedEventStream(text) : chatCompletionStream(text);
    const expected = api === "anthropic" ? anthropicOracle(events) : chatOracle(events);
    out.push({ file, api, stream: true, exchange: streamExchange(path_, body), expected });
  }
  return out;
}

async function replayOne(transport: Transport, recording: Recording): Promise<ChatResponse> {
  return withReplay(transport, [recording.exchange], async (replay) => {
    const common = { max_retries: 0, ...(replay.fetch ? { fetch: replay.fetch } : {}) };
    const provider =
      recording.api === "anthropic"
        ? createAnthropicProvider({ api_key: "sk-ant-test", base_url: replay.baseUrl, ...common })
        : createOpenAiProvider({ base_url: `${replay.baseUrl}/v1`, model: "recorded", ...common });
    const request = { messages: [{ role: "user" as const, content: "Replay." }] };
    if (!recording.stream) return provider.complete(request);
    const events = await collect(provider.stream!(request));
    return (events.at(-1) as Extract<StreamEvent, { type: "done" }>).response;
  });
}

/** Registers the suite; `runtime` names where it runs. */
export function registerWireRecordingsSuite(transport: Transport, runtime: string): void {
  describe(`every recorded stream and body, against what the recording says (${runtime})`, () => {
    const all = recordings();
    it("covers the recordings of SOURCES.tsv that are single answers", () => {
      expect(all.length).toBeGreaterThanOrEqual(28);
    });
    for (const recording of all) {
      it(`${recording.file}: text, tool calls and input tokens as recorded`, async () => {
        const response = await replayOne(transport, recording);
        expect(response.text).toBe(recording.expected.text);
        const calls = (response.tool_calls ?? []).map((call) =>
          call.incomplete
            ? { name: call.name, arguments: call.arguments, incomplete: true }
            : { name: call.name, arguments: call.arguments },
        );
        expect(calls).toEqual(recording.expected.calls);
        if (recording.expected.input_tokens !== undefined && recording.api === "chat") {
          expect(response.usage?.input_tokens).toBe(recording.expected.input_tokens);
        }
      });
    }
  });
}
