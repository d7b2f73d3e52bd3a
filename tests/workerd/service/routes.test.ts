/** Every route of the HTTP API on its happy path, in real workerd with the session's Durable Object. */
import { describe, expect, it } from "vitest";
import { findToolPairingProblems } from "../../../src/testing/index.ts";
import { createSession, messagesOf, prompt } from "./client.ts";

describe("the HTTP API", () => {
  it("creates a session with an unguessable id, runs a turn as SSE and keeps its history", async () => {
    const sessionId = await createSession();
    expect(sessionId).toMatch(/^[0-9a-f]{32}$/);

    const events = await (await prompt(sessionId, "What is 6 * 7?")).rest();
    const names = events.map((event) => event.event);
    expect(names).toContain("tool:pre");
    expect(names).toContain("tool:post");
    expect(names.at(-1)).toBe("result");
    expect(events.at(-1)?.data).toEqual({ response: "The answer is 42." });
    expect(events.find((event) => event.event === "tool:pre")?.data).toMatchObject({
      tool_name: "calculator",
      session_id: sessionId,
    });

    const messages = await messagesOf(sessionId);
    expect(messages.map((message) => message.role)).toEqual(["user", "assistant", "tool", "assistant"]);
    expect(findToolPairingProblems(messages)).toEqual([]);
  });
});
