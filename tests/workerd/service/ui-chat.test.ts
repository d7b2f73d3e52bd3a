/**
 * `POST /v1/sessions/:id/chat` in workerd, read by the `ai` package's own client code
 * (`DefaultChatTransport` over the Worker's fetch handler, `readUIMessageStream`): a turn paused at
 * its tool approval and continued by the answer, a retried request that joins its turn, and
 * requests that run nothing.
 */
import { DefaultChatTransport, readUIMessageStream, type UIMessage } from "ai";
import { describe, expect, it } from "vitest";
import { call, createSession, messagesOf, mockPlan, post, TOKEN } from "./client.ts";
import { askingPlan } from "./fixtures.ts";

/** A transport like the app's: `api` is the session's chat route, fetch is the Worker's handler. */
function transportFor(sessionId: string): DefaultChatTransport<UIMessage> {
  return new DefaultChatTransport<UIMessage>({
    api: `http://service.test/v1/sessions/${sessionId}/chat`,
    headers: { authorization: `Bearer ${TOKEN}` },
    fetch: (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      return call(url.pathname, init ?? {});
    },
  });
}

/** Sends `messages` as `useChat` does and reads the assistant message the stream builds (on `last`). */
async function send(sessionId: string, messages: UIMessage[], last?: UIMessage): Promise<UIMessage> {
  const chunks = await transportFor(sessionId).sendMessages({
    chatId: sessionId,
    messages,
    trigger: "submit-message",
    messageId: undefined,
    abortSignal: undefined,
  });
  let message: UIMessage | undefined;
  const failures: unknown[] = [];
  const reading = readUIMessageStream({
    stream: chunks,
    onError: (error) => failures.push(error),
    ...(last ? { message: last } : {}),
  });
  for await (const snapshot of reading) message = snapshot;
  expect(failures).toEqual([]);
  if (message === undefined) throw new Error("the stream built no message");
  return message;
}

const question: UIMessage = { id: "user-msg-1", role: "user", parts: [{ type: "text", text: "What is 6 * 7?" }] };

/** The assistant message as `addToolApprovalResponse` leaves it. */
function answered(message: UIMessage, approved: boolean): UIMessage {
  return {
    ...message,
    parts: message.parts.map((part) =>
      part.type === "dynamic-tool" && part.state === "approval-requested"
        ? { ...part, state: "approval-responded", approval: { ...part.approval, approved } }
        : part,
    ),
  };
}

describe("the AI SDK chat route", () => {
  it("pauses the message at the tool approval; the answer continues the same turn to its end", async () => {
    const sessionId = await createSession(askingPlan());
    const asked = await send(sessionId, [question]);
    expect(asked.parts).toEqual([
      { type: "step-start" },
      expect.objectContaining({ type: "text", text: "Let me calculate 6 * 7.", state: "done" }),
      expect.objectContaining({
        type: "dynamic-tool",
        toolName: "calculator",
        state: "approval-requested",
        input: { expression: "6 * 7" },
        approval: {
          id: expect.stringMatching(/^[0-9a-f]{32}$/),
          requestReason: "[hook-ask-before-tools] Run calculator?",
        },
      }),
    ]);
    const status = await (await call(`/v1/sessions/${sessionId}`)).json();
    expect(status).toMatchObject({ turns_queued: 1, pending_approvals: 1 });

    const done = await send(sessionId, [question, answered(asked, true)], answered(asked, true));
    expect(done.parts.slice(2)).toEqual([
      expect.objectContaining({ type: "dynamic-tool", state: "output-available", output: "42" }),
      { type: "step-start" },
      expect.objectContaining({ type: "text", text: "The answer is 42.", state: "done" }),
    ]);
    const history = await messagesOf(sessionId);
    expect(history.map((message) => message.role)).toEqual(["user", "assistant", "tool", "assistant"]);
  });

  it("pauses once for a step's two asked calls, and continues when both are answered", async () => {
    const calls = [
      { id: "p1", name: "calculator", arguments: { expression: "1 + 1" } },
      { id: "p2", name: "calculator", arguments: { expression: "2 + 2" } },
    ];
    const plan = mockPlan([{ text: "Both.", tool_calls: calls }, { text: "2 and 4." }], { hooks: askingPlan().hooks });
    const sessionId = await createSession(plan);
    const asked = await send(sessionId, [question]);
    const tools = (message: UIMessage) => message.parts.filter((part) => part.type === "dynamic-tool");
    expect(tools(asked).map((part) => [part.toolCallId, part.state])).toEqual([
      ["p1", "approval-requested"],
      ["p2", "approval-requested"],
    ]);
    const done = await send(sessionId, [question, answered(asked, true)], answered(asked, true));
    expect(tools(done).map((part) => [part.toolCallId, part.state, part.output])).toEqual([
      ["p1", "output-available", "2"],
      ["p2", "output-available", "4"],
    ]);
    expect(done.parts.at(-1)).toMatchObject({ type: "text", text: "2 and 4." });
    expect((await messagesOf(sessionId)).map((message) => message.role)).toEqual([
      "user",
      "assistant",
      "tool",
      "tool",
      "assistant",
    ]);
  });

  it("denies a call the user refused: the part ends output-denied, the tool never ran", async () => {
    const sessionId = await createSession(askingPlan());
    const asked = await send(sessionId, [question]);
    const done = await send(sessionId, [question, answered(asked, false)], answered(asked, false));
    expect(done.parts.find((part) => part.type === "dynamic-tool")).toMatchObject({ state: "output-denied" });
    const tool = (await messagesOf(sessionId)).find((message) => message.role === "tool");
    expect(JSON.stringify(tool?.content)).toContain("Denied");
  });

  it("joins the turn of a retried request (the user message's id is its key) instead of running another", async () => {
    const sessionId = await createSession(askingPlan(0, "allow"));
    const first = await send(sessionId, [question]);
    const retried = await send(sessionId, [question]);
    expect(retried.parts).toEqual(first.parts);
    expect((await messagesOf(sessionId)).filter((message) => message.role === "user")).toHaveLength(1);
  });

  it("replays the running turn to a reconnecting chat, past the approvals already answered; 204 once it ended", async () => {
    const calls = (id: string, expression: string) => [{ id, name: "calculator", arguments: { expression } }];
    const plan = mockPlan(
      [
        { text: "First.", tool_calls: calls("c1", "1 + 1") },
        { text: "Second.", tool_calls: calls("c2", "2 + 2") },
        { text: "Done." },
      ],
      { hooks: askingPlan().hooks },
    );
    const sessionId = await createSession(plan);
    const firstAsk = await send(sessionId, [question]);
    const secondAsk = await send(sessionId, [question, answered(firstAsk, true)], answered(firstAsk, true));
    expect(secondAsk.parts.filter((part) => part.type === "dynamic-tool").map((part) => part.state)).toEqual([
      "output-available",
      "approval-requested",
    ]);

    // The SDK's reconnect (useChat's `resume`): GET {api}/{chatId}/stream.
    const replay = await transportFor(sessionId).reconnectToStream({ chatId: sessionId });
    if (replay === null) throw new Error("no running turn was replayed");
    let replayed: UIMessage | undefined;
    for await (const message of readUIMessageStream({ stream: replay })) replayed = message;
    expect(replayed?.parts).toEqual(secondAsk.parts);

    await send(sessionId, [question, answered(secondAsk, true)], answered(secondAsk, true));
    expect(await transportFor(sessionId).reconnectToStream({ chatId: sessionId })).toBeNull();
  });

  it("answers 400 naming the path for a request that runs nothing, and 401 without the token", async () => {
    const sessionId = await createSession(askingPlan());
    const regenerate = await post(`/v1/sessions/${sessionId}/chat`, {
      id: sessionId,
      trigger: "regenerate-message",
      messages: [question],
    });
    expect(regenerate.status).toBe(400);
    expect(JSON.stringify(await regenerate.json())).toContain("trigger");
    const noUser = await post(`/v1/sessions/${sessionId}/chat`, {
      trigger: "submit-message",
      messages: [{ id: "a1", role: "assistant", parts: [] }],
    });
    expect(noUser.status).toBe(400);
    expect(await noUser.json()).toMatchObject({
      error: { code: "invalid_argument", message: expect.stringContaining("messages has no user message") },
    });
    const anonymous = await call(`/v1/sessions/${sessionId}/chat`, {
      method: "POST",
      headers: { authorization: "Bearer wrong" },
      body: JSON.stringify({ trigger: "submit-message", messages: [question] }),
    });
    expect(anonymous.status).toBe(401);
  });
});
