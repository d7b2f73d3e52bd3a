/**
 * A client that goes away in the middle of a turn's event stream does not corrupt the session:
 * the turn runs to its end (or until it is cancelled over the API), its history is stored whole
 * with every tool call paired, and the session takes the next prompt.
 */
import { describe, expect, it } from "vitest";
import { findToolPairingProblems } from "../../../src/testing/index.ts";
import { call, createSession, messagesOf, post, prompt, textOf } from "./client.ts";
import { askingPlan } from "./fixtures.ts";

describe("a client that disconnects mid-stream", () => {
  it("leaves the turn to finish: the history is whole and paired, and the next prompt runs", async () => {
    const sessionId = await createSession(askingPlan());
    const first = await prompt(sessionId, "What is 6 * 7?");
    // The turn is held at its approval, so the client really goes away while it runs.
    const requestId = String((await first.until("approval:required")).data.request_id);
    await first.disconnect();
    expect((await post(`/v1/sessions/${sessionId}/approvals/${requestId}`, { decision: "Allow" })).status).toBe(200);

    const second = await (await prompt(sessionId, "Hello there")).rest();
    expect(second.at(-1)?.event).toBe("result");

    const messages = await messagesOf(sessionId);
    expect(findToolPairingProblems(messages)).toEqual([]);
    expect(messages.map((message) => textOf(message.content))).toEqual([
      "What is 6 * 7?",
      "Let me calculate 6 * 7.",
      "42",
      "The answer is 42.",
      "Hello there",
      textOf(messages[5]?.content),
    ]);
    expect(messages[5]?.role).toBe("assistant");
  });

  it("can have its abandoned turn cancelled over the API; the history stays paired and the session usable", async () => {
    const sessionId = await createSession(askingPlan());
    const first = await prompt(sessionId, "What is 6 * 7?");
    await first.until("approval:required");
    await first.disconnect();

    const cancelled = await post(`/v1/sessions/${sessionId}/cancel`, {});
    expect(cancelled.status).toBe(202);
    expect(await cancelled.json()).toEqual({ cancelled: true });

    const next = await (await prompt(sessionId, "Hello there")).rest();
    expect(next.at(-1)?.event).toBe("result");
    const messages = await messagesOf(sessionId);
    expect(findToolPairingProblems(messages)).toEqual([]);
    expect(messages[0]).toMatchObject({ role: "user", content: "What is 6 * 7?" });
    expect(messages.filter((message) => message.role === "user").map((message) => message.content)).toEqual([
      "What is 6 * 7?",
      "Hello there",
    ]);

    const idle = await call(`/v1/sessions/${sessionId}/cancel`, { method: "POST" });
    expect(idle.status).toBe(409);
    expect(await idle.json()).toMatchObject({ error: { code: "no_turn_running" } });
  });
});
