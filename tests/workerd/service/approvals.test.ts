/**
 * Approvals over HTTP: an `ask_user` from a (sandboxed) hook becomes an `approval:required` event
 * with an unguessable request id, answered with `POST .../approvals/:request_id`; the HookResult's
 * timeout and default apply when nobody answers; ids of other sessions and forged ids are refused.
 */
import { describe, expect, it } from "vitest";
import type { Message } from "../../../src/models/index.ts";
import { findToolPairingProblems } from "../../../src/testing/index.ts";
import { createSession, messagesOf, mockPlan, post, prompt } from "./client.ts";
import { askingPlan } from "./fixtures.ts";

const answer = (sessionId: string, requestId: string, decision: string) =>
  post(`/v1/sessions/${sessionId}/approvals/${requestId}`, { decision });

const toolMessage = (messages: Message[]) => messages.find((message) => message.role === "tool");

describe("approvals", () => {
  it("announces the request with its id, prompt, options, timeout and default, and an allow lets the tool run", async () => {
    const sessionId = await createSession(askingPlan());
    const reader = await prompt(sessionId, "What is 6 * 7?");
    const required = await reader.until("approval:required");
    expect(required.data).toMatchObject({
      prompt: "[hook-ask-before-tools] Run calculator?",
      options: ["Allow", "Deny"],
      timeout: 300,
      default: "deny",
      session_id: sessionId,
    });
    const requestId = String(required.data.request_id);
    expect(requestId).toMatch(/^[0-9a-f]{32}$/);

    const answered = await answer(sessionId, requestId, "allow");
    expect(answered.status).toBe(200);
    expect(await answered.json()).toEqual({ decision: "Allow" });

    const events = await reader.rest();
    expect(events.find((event) => event.event === "approval:granted")?.data).toMatchObject({
      request_id: requestId,
      decision: "Allow",
      timed_out: false,
    });
    expect(events.find((event) => event.event === "tool:post")?.data).toMatchObject({ result: { success: true } });
    expect(events.at(-1)).toEqual({ event: "result", data: { response: "The answer is 42." } });
  });

  it("a deny keeps the tool from running and the history stays paired", async () => {
    const sessionId = await createSession(askingPlan());
    const reader = await prompt(sessionId, "What is 6 * 7?");
    const requestId = String((await reader.until("approval:required")).data.request_id);
    expect((await answer(sessionId, requestId, "Deny")).status).toBe(200);
    const events = await reader.rest();
    expect(events.map((event) => event.event)).toContain("approval:denied");
    expect(events.map((event) => event.event)).not.toContain("tool:post");
    expect(events.at(-1)?.event).toBe("result");
    const messages = await messagesOf(sessionId);
    expect(findToolPairingProblems(messages)).toEqual([]);
    expect(JSON.stringify(toolMessage(messages)?.content)).toContain("denied");
  });

  it("refuses forged ids, another session's ids, answers that are not an option, and a second answer", async () => {
    const sessionId = await createSession(askingPlan());
    const otherId = await createSession(mockPlan());
    const reader = await prompt(sessionId, "What is 6 * 7?");
    const requestId = String((await reader.until("approval:required")).data.request_id);

    const forged = await answer(sessionId, "0123456789abcdef0123456789abcdef", "Allow");
    expect(forged.status).toBe(404);
    expect(await forged.json()).toMatchObject({ error: { code: "approval_not_found" } });
    expect((await answer(sessionId, "..%2F..%2Fetc", "Allow")).status).toBe(404);
    const elsewhere = await answer(otherId, requestId, "Allow");
    expect(elsewhere.status).toBe(404);
    expect(await elsewhere.json()).toMatchObject({ error: { code: "approval_not_found" } });

    const notAnOption = await answer(sessionId, requestId, "maybe");
    expect(notAnOption.status).toBe(400);
    expect(await notAnOption.json()).toMatchObject({
      // Raised inside the session object: code and issues cross its RPC as a Result, the status is added at the edge.
      error: {
        code: "invalid_argument",
        issues: [{ path: ["decision"], message: 'must be one of "Allow", "Deny"', code: "invalid_value" }],
      },
    });

    expect((await answer(sessionId, requestId, "Allow")).status).toBe(200);
    const again = await answer(sessionId, requestId, "Deny");
    expect(again.status).toBe(404);
    expect((await reader.rest()).at(-1)).toEqual({ event: "result", data: { response: "The answer is 42." } });
  });

  it("applies the HookResult's default when nobody answers in time: allow", async () => {
    const sessionId = await createSession(askingPlan(0.05, "allow"));
    const events = await (await prompt(sessionId, "What is 6 * 7?")).rest();
    const requestId = events.find((event) => event.event === "approval:required")?.data.request_id;
    expect(events.find((event) => event.event === "approval:granted")?.data).toMatchObject({
      request_id: requestId,
      decision: "allow",
      timed_out: true,
    });
    expect(events.at(-1)).toEqual({ event: "result", data: { response: "The answer is 42." } });
    expect((await answer(sessionId, String(requestId), "Allow")).status).toBe(404);
  });

  it("applies the HookResult's default when nobody answers in time: deny", async () => {
    const sessionId = await createSession(askingPlan(0.05, "deny"));
    const events = await (await prompt(sessionId, "What is 6 * 7?")).rest();
    expect(events.find((event) => event.event === "approval:denied")?.data).toMatchObject({ timed_out: true });
    expect(events.map((event) => event.event)).not.toContain("tool:post");
    const messages = await messagesOf(sessionId);
    expect(findToolPairingProblems(messages)).toEqual([]);
    expect(JSON.stringify(toolMessage(messages)?.content)).toContain("denied by default");
  });

  it("answers the built-in hooks-approval over HTTP too; Allow always is remembered for the session", async () => {
    const sessionId = await createSession(mockPlan(undefined, { hooks: [{ module: "hooks-approval" }] }));
    const first = await prompt(sessionId, "What is 6 * 7?");
    let required = await first.until("approval:required");
    // hooks-approval announces the question itself; the answerable event is the one with a request id.
    while (required.data.request_id === undefined) required = await first.until("approval:required");
    expect(required.data.options).toEqual(["Allow once", "Allow always", "Deny"]);
    const answered = await answer(sessionId, String(required.data.request_id), "allow always");
    expect(await answered.json()).toEqual({ decision: "Allow always" });
    expect((await first.rest()).at(-1)).toEqual({ event: "result", data: { response: "The answer is 42." } });

    const second = await (await prompt(sessionId, "What is 2 + 3?")).rest();
    expect(second.map((event) => event.event)).not.toContain("approval:required");
    expect(second.find((event) => event.event === "approval:granted")?.data).toMatchObject({ remembered: true });
    expect(second.at(-1)).toEqual({ event: "result", data: { response: "The answer is 5." } });
  });
});
