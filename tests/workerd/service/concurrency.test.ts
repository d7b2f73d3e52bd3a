/**
 * Turns of one session never overlap: a prompt that arrives during a turn waits for it (the
 * documented behaviour), up to 8 waiting prompts; one more is refused with 409. Deleting the
 * session ends the running turn and every waiting one.
 */
import { describe, expect, it } from "vitest";
import { findToolPairingProblems } from "../../../src/testing/index.ts";
import { call, createSession, EventReader, messagesOf, post, prompt, textOf } from "./client.ts";
import { askingPlan } from "./fixtures.ts";

describe("concurrent prompts to one session", () => {
  it("run one after the other: both streams complete and the history is not interleaved", async () => {
    const sessionId = await createSession();
    const [first, second] = await Promise.all([
      post(`/v1/sessions/${sessionId}/prompt`, { prompt: "What is 6 * 7?" }),
      post(`/v1/sessions/${sessionId}/prompt`, { prompt: "What is 2 + 3?" }),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const [firstEvents, secondEvents] = await Promise.all([
      new EventReader(first).rest(),
      new EventReader(second).rest(),
    ]);
    expect(firstEvents.at(-1)).toEqual({ event: "result", data: { response: "The answer is 42." } });
    expect(secondEvents.at(-1)).toEqual({ event: "result", data: { response: "The answer is 5." } });

    const messages = await messagesOf(sessionId);
    expect(messages.map((message) => message.role)).toEqual([
      "user",
      "assistant",
      "tool",
      "assistant",
      "user",
      "assistant",
      "tool",
      "assistant",
    ]);
    expect(findToolPairingProblems(messages)).toEqual([]);
    const turns = [messages.slice(0, 4), messages.slice(4)].map((turn) =>
      turn.map((message) => textOf(message.content)),
    );
    const byPrompt = Object.fromEntries(turns.map((turn) => [turn[0], turn[3]]));
    expect(byPrompt).toEqual({ "What is 6 * 7?": "The answer is 42.", "What is 2 + 3?": "The answer is 5." });
  });

  it("refuses a prompt beyond 8 waiting with 409, and a delete ends the running and the waiting turns", async () => {
    const sessionId = await createSession(askingPlan());
    const running = await prompt(sessionId, "What is 6 * 7?");
    await running.until("approval:required");
    const waiting: EventReader[] = [];
    for (let index = 0; index < 8; index++) waiting.push(await prompt(sessionId, `What is ${index} + 1?`));

    const refused = await post(`/v1/sessions/${sessionId}/prompt`, { prompt: "One too many" });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: "session_busy" } });
    const status = await call(`/v1/sessions/${sessionId}`);
    expect(await status.json()).toMatchObject({ turns_queued: 9, pending_approvals: 1, message_count: 2 });

    const deleted = await call(`/v1/sessions/${sessionId}`, { method: "DELETE" });
    expect(deleted.status).toBe(204);
    const runningEvents = await running.rest();
    expect(runningEvents.map((event) => event.event)).toContain("approval:denied");
    expect(runningEvents.map((event) => event.event)).toContain("cancel:completed");
    expect(runningEvents.at(-1)).toEqual({
      event: "result",
      data: { response: "Let me calculate 6 * 7.", cancelled: true },
    });
    for (const reader of waiting) {
      expect(await reader.rest()).toEqual([
        { event: "turn:start", data: { turn_id: expect.stringMatching(/^[0-9a-f]{32}$/) } },
        {
          event: "error",
          data: { code: "session_deleted", message: "The session was deleted before this turn started." },
        },
      ]);
    }
    expect((await call(`/v1/sessions/${sessionId}/messages`)).status).toBe(404);

    const archived = await call(`/v1/archives/${sessionId}/messages`);
    expect(archived.status).toBe(200);
    const { messages } = (await archived.json()) as { messages: Parameters<typeof findToolPairingProblems>[0] };
    expect(messages[0]).toMatchObject({ role: "user", content: "What is 6 * 7?" });
    expect(findToolPairingProblems(messages)).toEqual([]);
  });
});
