/**
 * A real kernel turn (both agent loops, the scripted provider, the calculator, a tool that fails)
 * translated into the AI SDK's UI message stream and read by the `ai` package's own
 * `readUIMessageStream`: the message it builds is the one an app using `useChat` renders.
 */
import { readUIMessageStream, type UIMessage, type UIMessageChunk } from "ai";
import { describe, expect, it } from "vitest";
import { builtinModules, createSession, type MountPlanInput } from "../../../src/index.ts";
import { chatTurnOf } from "../../../worker/ai-sdk/chat-turn.ts";
import type { TurnEvent } from "../../../worker/ai-sdk/turn-translator.ts";
import type { UiMessageChunk } from "../../../worker/ai-sdk/ui-message-chunk.ts";
import { uiMessageChunksOf } from "../../../worker/ai-sdk/ui-message-stream.ts";

// Every chunk we emit is one the SDK's own type accepts.
type Accepted<T extends UIMessageChunk> = T;
type _EveryChunkIsAccepted = Accepted<UiMessageChunk>;

const script = [
  {
    thinking: "The user wants a product.",
    text: "Let me calculate.",
    tool_calls: [
      { id: "call_1", name: "calculator", arguments: { expression: "6 * 7" } },
      { id: "call_2", name: "calculator", arguments: { expression: "6 *" } },
    ],
  },
  { text: "The answer is 42." },
];

/** The events of one turn of `orchestrator`, with the service's closing `result`. */
async function turnEvents(orchestrator: string): Promise<TurnEvent[]> {
  const plan: MountPlanInput = {
    session: { orchestrator, context: "context-simple" },
    providers: [{ module: "provider-mock", config: { script, when_exhausted: "default" } }],
    tools: [{ module: "tool-calculator" }],
  };
  await using session = createSession(plan, { modules: builtinModules });
  await session.initialize();
  const events: TurnEvent[] = [];
  session.coordinator.hooks.observe((name, data) => {
    events.push({ name, data: data as Record<string, unknown> });
  });
  const response = await session.execute("What is 6 * 7?");
  events.push({ name: "result", data: { response } });
  return events;
}

async function finalMessage(chunks: ReadableStream<UiMessageChunk>, message?: UIMessage): Promise<UIMessage> {
  let last: UIMessage | undefined;
  const failures: unknown[] = [];
  const stream = readUIMessageStream({
    stream: chunks as ReadableStream<UIMessageChunk>,
    ...(message === undefined ? {} : { message }),
    onError: (error) => failures.push(error),
  });
  for await (const snapshot of stream) last = snapshot;
  expect(failures).toEqual([]);
  if (last === undefined) throw new Error("the stream built no message");
  return last;
}

function streamOf(events: readonly TurnEvent[]): ReadableStream<TurnEvent> {
  return new ReadableStream({
    start(controller) {
      for (const event of events) controller.enqueue(event);
      controller.close();
    },
  });
}

const EXPECTED_PARTS = [
  { type: "step-start" },
  { type: "reasoning", text: "The user wants a product.", state: "done" },
  { type: "text", text: "Let me calculate.", state: "done" },
  {
    type: "dynamic-tool",
    toolName: "calculator",
    toolCallId: "call_1",
    state: "output-available",
    input: { expression: "6 * 7" },
    output: "42",
  },
  {
    type: "dynamic-tool",
    toolName: "calculator",
    toolCallId: "call_2",
    state: "output-error",
    errorText: expect.stringContaining("calculator: expected a number"),
  },
  { type: "step-start" },
  { type: "text", text: "The answer is 42.", state: "done" },
];

describe("a kernel turn as a UI message stream", () => {
  it.each(["loop-streaming", "loop-basic"])(
    "builds the same message from %s (streamed or whole blocks)",
    async (loop) => {
      const message = await finalMessage(uiMessageChunksOf(streamOf(await turnEvents(loop))));
      expect(message.role).toBe("assistant");
      expect(message.parts).toEqual(EXPECTED_PARTS.map((part) => expect.objectContaining(part)));
    },
  );

  it("ends with an error part when the turn failed, and with an error when its events stop early", async () => {
    const failed = await collect(
      uiMessageChunksOf(streamOf([{ name: "error", data: { code: "provider_failed", message: "Rate limited." } }])),
    );
    expect(failed).toEqual([{ type: "start" }, { type: "error", errorText: "Rate limited." }]);
    const events = await turnEvents("loop-streaming");
    const cut = await collect(uiMessageChunksOf(streamOf(events.slice(0, 8))));
    expect(cut.at(-1)).toEqual({ type: "error", errorText: expect.stringContaining("lost before the turn ended") });
    expect(cut.filter((chunk) => chunk.type === "text-start").length).toBe(
      cut.filter((chunk) => chunk.type === "text-end").length,
    );
  });

  it("sends an approval that is not about a tool call as a data part, and does not pause for it", async () => {
    const question = { request_id: "req-1", prompt: "Send the report?", options: ["Allow", "Deny"] };
    const chunks = await collect(
      uiMessageChunksOf(
        streamOf([
          { name: "approval:required", data: question },
          { name: "result", data: { response: "Sent." } },
        ]),
      ),
    );
    expect(chunks).toEqual([
      { type: "start" },
      { type: "data-amplifier-approval", id: "req-1", data: question },
      { type: "finish", finishReason: "stop" },
    ]);
  });

  it("ends a cancelled turn with abort", async () => {
    const chunks = await collect(
      uiMessageChunksOf(streamOf([{ name: "result", data: { response: "", cancelled: true } }])),
    );
    expect(chunks.at(-1)).toEqual({ type: "abort", reason: "The turn was cancelled." });
  });
});

describe("chatTurnOf", () => {
  const user = (id: string, text: string) => ({ id, role: "user", parts: [{ type: "text", text }] });

  it("runs the newest user message, keyed by its id", () => {
    expect(chatTurnOf([user("m1", "Hi"), { id: "a1", role: "assistant", parts: [] }, user("m2", "6 * 7?")])).toEqual({
      prompt: "6 * 7?",
      idempotencyKey: "m2",
      answers: [],
    });
  });

  it("continues the turn of an assistant message whose approvals were answered", () => {
    const answered = {
      id: "a1",
      role: "assistant",
      parts: [
        { type: "dynamic-tool", state: "approval-responded", approval: { id: "req-1", approved: false } },
        { type: "dynamic-tool", state: "output-available", approval: { id: "req-0", approved: true } },
      ],
    };
    expect(chatTurnOf([user("m1", "Go"), answered])).toEqual({
      prompt: "Go",
      idempotencyKey: "m1",
      answers: [{ approvalId: "req-1", approved: false }],
    });
  });

  it("names what is wrong with a request it cannot run", () => {
    expect(() => chatTurnOf([])).toThrow("messages has no user message");
    expect(() => chatTurnOf([{ id: "m1", role: "user", parts: [{ type: "file" }] }])).toThrow(
      "messages[0].parts has no text part",
    );
    expect(() => chatTurnOf([user("an id", "Hi")])).toThrow("messages[0].id must be 1-255 visible ASCII");
    expect(() => chatTurnOf([user("m1", "Hi"), { id: "a1", role: "assistant", parts: [] }])).toThrow(
      "messages[1] ends the conversation without a new user message or an answered tool approval",
    );
  });
});

async function collect<T>(stream: ReadableStream<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}
