/**
 * `createWebChatTransport` in Chromium: the AI SDK's own chat (`AbstractChat`, what `useChat`
 * wraps) runs against a session of the real web worker host, with the SDK's tool approvals.
 */
import { type ChatTransport, readUIMessageStream, type UIMessage } from "ai";
import { afterEach, describe, expect, it } from "vitest";
import type { MountPlanInput } from "../../../src/index.ts";
import { createWebChatTransport, type WebClient } from "../../../worker/web/index.ts";
import { driveChat } from "../../fixtures/ai-chat/drive-chat.ts";
import { CALCULATOR_SCRIPT, calculatorPlan, connectTestClient } from "./support.ts";

let client: WebClient | undefined;
afterEach(async () => {
  await client?.dispose();
  client = undefined;
});

/** A sandboxed hook that asks before every tool (no timeout within the test). */
const ASK_HOOK = `
import { HookResult } from "amplifier-core";
export async function mount(coordinator) {
  return coordinator.hooks.register("tool:pre", async (_event, data) =>
    HookResult.ask_user("Let " + data.tool_name + " run?", { approval_options: ["Allow", "Deny"] }), { name: "ask-hook" });
}
`;

const plan: MountPlanInput = calculatorPlan(CALCULATOR_SCRIPT, {
  hooks: [{ module: "hooks-ask", source: { inline: ASK_HOOK }, sandbox: { permissions: { approval: true } } }],
});

describe("the AI SDK's chat on a web session", () => {
  it("streams the turn with its tool call; the approval pauses it and the answer continues it", async () => {
    client = await connectTestClient();
    const session = await client.createSession(plan);
    const transport: ChatTransport<UIMessage> = createWebChatTransport(session);
    let replayed: UIMessage | undefined;
    const outcome = await driveChat(transport, {
      chatId: session.id,
      prompt: "What is 6 * 7?",
      approve: true,
      // While the turn waits, a reconnect (a reload of the chat's view) replays it from its start.
      onAsked: async () => {
        const stream = await transport.reconnectToStream({ chatId: session.id });
        if (stream === null) throw new Error("no running turn to reconnect to");
        for await (const message of readUIMessageStream({ stream })) replayed = message;
      },
    });
    expect(outcome).toMatchObject({ status: "ready", error: undefined });
    const answer = outcome.messages[1];
    expect(answer?.parts).toEqual([
      { type: "step-start" },
      expect.objectContaining({ type: "text", text: "Computing.", state: "done" }),
      expect.objectContaining({
        type: "dynamic-tool",
        toolName: "calculator",
        toolCallId: "call_1",
        state: "output-available",
        output: "42",
        approval: expect.objectContaining({ approved: true, requestReason: "[hooks-ask] Let calculator run?" }),
      }),
      { type: "step-start" },
      expect.objectContaining({ type: "text", text: "6 * 7 = 42.", state: "done" }),
    ]);
    expect(replayed?.parts.slice(0, 3)).toEqual([
      { type: "step-start" },
      expect.objectContaining({ type: "text", text: "Computing." }),
      expect.objectContaining({ type: "dynamic-tool", state: "approval-requested" }),
    ]);
    const history = await session.messages();
    expect(history.map((message) => message.role)).toEqual(["user", "assistant", "tool", "assistant"]);
    expect(await transport.reconnectToStream({ chatId: session.id })).toBeNull();
  });

  it("denies a call the user refused", async () => {
    client = await connectTestClient();
    const session = await client.createSession(plan);
    const outcome = await driveChat(createWebChatTransport(session), {
      chatId: session.id,
      prompt: "What is 6 * 7?",
      approve: false,
    });
    expect(outcome.status).toBe("ready");
    expect(outcome.messages[1]?.parts.find((part) => part.type === "dynamic-tool")).toMatchObject({
      state: "output-denied",
      approval: expect.objectContaining({ approved: false }),
    });
  });

  it("reports approvals of a turn this transport does not run (a reloaded page) as turn_interrupted", async () => {
    client = await connectTestClient();
    const session = await client.createSession(plan);
    const transport = createWebChatTransport(session);
    const request = {
      trigger: "submit-message" as const,
      chatId: session.id,
      messageId: undefined,
      abortSignal: undefined,
      messages: [
        { id: "u1", role: "user", parts: [{ type: "text", text: "What is 6 * 7?" }] },
        {
          id: "a1",
          role: "assistant",
          parts: [{ type: "dynamic-tool", state: "approval-responded", approval: { id: "r1", approved: true } }],
        },
      ],
    };
    await expect(transport.sendMessages(request)).rejects.toMatchObject({ code: "turn_interrupted" });
  });
});
