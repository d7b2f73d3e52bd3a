/**
 * A turn running when its Durable Object is reset (an exceeded CPU limit, an eviction, a deploy:
 * here `ctx.abort()`, which tears the instance down as those do) is never silently lost: after the
 * restart, a client that resumes its stream reads an `error` `turn_interrupted`, the history keeps
 * what the turn stored (repaired on the next turn), and the session takes the next prompt normally.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { findToolPairingProblems } from "../../../src/testing/index.ts";
import { call, createSession, EventReader, messagesOf, prompt } from "./client.ts";
import { askingPlan } from "./fixtures.ts";

/** Resets the session's object as the platform does: the instance is gone, its storage stays. */
async function resetObject(sessionId: string): Promise<void> {
  const stub = env.SESSIONS.get(env.SESSIONS.idFromName(sessionId));
  await runInDurableObject(stub, (_instance, state) => state.abort("reset by the test")).catch(() => undefined);
}

describe("a turn cut off by a reset of its Durable Object", () => {
  it("is reported as interrupted to a client that resumes its stream, and the next prompt runs normally", async () => {
    const sessionId = await createSession(askingPlan());
    const key = { "idempotency-key": "cut-off-turn" };
    const first = await prompt(sessionId, "What is 6 * 7?", key);
    // Held at its approval: the assistant's tool call is stored, its result is not.
    await first.until("approval:required");
    const lastSeen = first.ids.at(-1) ?? 0;

    await resetObject(sessionId);
    await expect(first.rest()).rejects.toThrow();

    const resumed = new EventReader(
      await call(`/v1/sessions/${sessionId}/events`, { headers: { "last-event-id": String(lastSeen) } }),
    );
    const after = await resumed.rest();
    expect(after).toEqual([
      {
        event: "error",
        data: { code: "turn_interrupted", message: expect.stringContaining("Durable Object restarted") },
      },
    ]);
    expect(resumed.ids[0]).toBeGreaterThan(lastSeen);
    // The retried POST joins the same (ended) turn: it reads the same end, and no second turn starts.
    const retried = await (
      await prompt(sessionId, "What is 6 * 7?", { ...key, "last-event-id": String(lastSeen) })
    ).rest();
    expect(retried).toEqual(after);

    const next = await prompt(sessionId, "What is 2 + 3?");
    const required = await next.until("approval:required");
    // A sandboxed hook's question carries its module's name.
    expect(required.data).toMatchObject({ prompt: "[hook-ask-before-tools] Run calculator?" });
    const status = (await (await call(`/v1/sessions/${sessionId}`)).json()) as Record<string, unknown>;
    expect(status).toMatchObject({ turns_queued: 1, pending_approvals: 1 });
    const approved = await call(`/v1/sessions/${sessionId}/approvals/${String(required.data.request_id)}`, {
      method: "POST",
      body: JSON.stringify({ decision: "Allow" }),
    });
    expect(approved.status).toBe(200);
    expect((await next.rest()).at(-1)).toEqual({ event: "result", data: { response: "The answer is 5." } });
    const messages = await messagesOf(sessionId);
    expect(findToolPairingProblems(messages)).toEqual([]);
    expect(messages.filter((message) => message.role === "user").map((message) => message.content)).toEqual([
      "What is 6 * 7?",
      "What is 2 + 3?",
    ]);
  });

  it("ends a turn that waited behind it too, as never started", async () => {
    const sessionId = await createSession(askingPlan());
    const running = await prompt(sessionId, "What is 6 * 7?");
    await running.until("approval:required");
    const waiting = await prompt(sessionId, "What is 2 + 3?", { "idempotency-key": "waiting-turn" });

    await resetObject(sessionId);
    await expect(running.rest()).rejects.toThrow();
    await expect(waiting.rest()).rejects.toThrow();

    const replay = await (await prompt(sessionId, "What is 2 + 3?", { "idempotency-key": "waiting-turn" })).rest();
    expect(replay).toEqual([
      { event: "error", data: { code: "turn_interrupted", message: expect.stringContaining("never started") } },
    ]);
    const log = await new EventReader(await call(`/v1/sessions/${sessionId}/events?after=0`)).rest();
    expect(log.filter((event) => event.event === "error").map((event) => event.data.code)).toEqual([
      "turn_interrupted",
      "turn_interrupted",
    ]);
  });
});
