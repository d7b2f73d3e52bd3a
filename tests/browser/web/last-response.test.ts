/**
 * The web client in Chromium: `lastRequest()` pairs the view the provider was sent with what it
 * answered (text, tool calls, usage, finish reason), bounded, and never with an older answer.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { LastRequest, WebClient } from "../../../worker/web/index.ts";
import { calculatorPlan, connectTestClient, expectKernelError } from "./support.ts";

let client: WebClient | undefined;
afterEach(async () => {
  await client?.dispose();
  client = undefined;
});

const CALL = { id: "call_1", name: "calculator", arguments: { expression: "6 * 7" } };

describe("web client: what the provider answered", () => {
  it("shows the tool call it answered while the call waits for approval, then its final text, cut when long", async () => {
    client = await connectTestClient();
    const long = "forty-two ".repeat(600);
    const plan = calculatorPlan([{ text: "Computing.", tool_calls: [CALL] }, { text: long }], {
      hooks: [{ module: "hooks-approval", config: {} }],
    });
    const session = await client.createSession(plan);
    let midway: LastRequest | undefined;
    await session.execute("What is 6 * 7?", {
      onApproval: async () => {
        midway = await session.lastRequest();
        return "Allow once";
      },
    });

    expect(midway?.messages.map((message) => message.role)).toEqual(["user"]);
    expect(midway?.response).toMatchObject({
      provider: "mock",
      text: "Computing.",
      tool_calls: [{ id: "call_1", tool: "calculator", arguments: '{"expression":"6 * 7"}' }],
    });
    expect(midway?.response?.truncated).toBeUndefined();

    const last = await session.lastRequest();
    expect(last?.messages.map((message) => message.role)).toEqual(["user", "assistant", "tool"]);
    const answer = last?.response;
    expect(answer?.tool_calls).toEqual([]);
    expect(answer?.truncated).toBe(true);
    expect(answer?.text).toBe(`${long.slice(0, 4000)}…`);
    expect(answer?.usage?.output_tokens).toBeGreaterThan(0);
    expect(Date.parse(answer?.at ?? "")).toBeGreaterThanOrEqual(Date.parse(last?.at ?? ""));
  });

  it("has no answer for a request the provider failed, rather than the previous request's answer", async () => {
    client = await connectTestClient();
    const session = await client.createSession(calculatorPlan([{ text: "Computing.", tool_calls: [CALL] }]));
    await expectKernelError(session.execute("What is 6 * 7?"), "provider_failed");
    const last = await session.lastRequest();
    expect(last?.messages.map((message) => message.role)).toEqual(["user", "assistant", "tool"]);
    expect(last?.response).toBeUndefined();
  });
});
