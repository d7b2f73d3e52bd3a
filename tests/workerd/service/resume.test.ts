/**
 * Resumable turns: every event of a session has an id in the object's log, a client that lost its
 * stream picks it up where it left it (`Last-Event-ID`, on a retried POST or on `GET …/events`),
 * and a retried POST with the same idempotency key joins its turn instead of starting another.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { findToolPairingProblems } from "../../../src/testing/index.ts";
import { createAmplifierWorker } from "../../../worker/cloudflare/index.ts";
import { call, createSession, EventReader, messagesOf, mockPlan, post, prompt } from "./client.ts";
import { askingPlan } from "./fixtures.ts";

const SSE = { "content-type": "text/event-stream" };

const answer = (sessionId: string, requestId: string) =>
  post(`/v1/sessions/${sessionId}/approvals/${requestId}`, { decision: "Allow" });

/** Every event of the session, with its id, once no turn runs. */
async function sessionLog(sessionId: string): Promise<{ ids: number[]; names: string[] }> {
  const reader = new EventReader(await call(`/v1/sessions/${sessionId}/events?after=0`));
  const events = await reader.rest();
  return { ids: reader.ids, names: events.map((event) => event.event) };
}

describe("a turn's stream, resumed", () => {
  it("a retried POST with the key and Last-Event-ID gets every event once, in order, and the history holds one turn", async () => {
    const sessionId = await createSession(askingPlan());
    const key = { "idempotency-key": "turn-1-attempt" };
    const first = await prompt(sessionId, "What is 6 * 7?", key);
    const seen = await first.take(3);
    await first.disconnect();

    const again = await prompt(sessionId, "What is 6 * 7?", { ...key, "last-event-id": String(first.ids.at(-1)) });
    // The turn is held at its approval, so what follows the approval is streamed live.
    const requestId = String((await again.until("approval:required")).data.request_id);
    expect((await answer(sessionId, requestId)).status).toBe(200);
    const rest = await again.rest();
    expect(rest.at(-1)).toEqual({ event: "result", data: { response: "The answer is 42." } });

    const log = await sessionLog(sessionId);
    expect([...first.ids, ...again.ids]).toEqual(log.ids);
    expect([...seen, ...rest].map((event) => event.event)).toEqual(log.names);
    expect(log.names.filter((name) => name === "turn:start")).toHaveLength(1);
    const messages = await messagesOf(sessionId);
    expect(messages.map((message) => message.role)).toEqual(["user", "assistant", "tool", "assistant"]);
    expect(findToolPairingProblems(messages)).toEqual([]);
  });

  it("GET …/events with Last-Event-ID replays what the client missed, then goes on live to the end of the turn", async () => {
    const sessionId = await createSession(askingPlan());
    const first = await prompt(sessionId, "What is 6 * 7?");
    const seen = await first.take(3);
    await first.disconnect();

    const resumed = new EventReader(
      await call(`/v1/sessions/${sessionId}/events`, { headers: { "last-event-id": String(first.ids.at(-1)) } }),
    );
    const requestId = String((await resumed.until("approval:required")).data.request_id);
    expect((await answer(sessionId, requestId)).status).toBe(200);
    const rest = await resumed.rest();
    expect(rest.at(-1)?.event).toBe("result");

    const log = await sessionLog(sessionId);
    expect([...first.ids, ...resumed.ids]).toEqual(log.ids);
    expect([...seen, ...rest].map((event) => event.event)).toEqual(log.names);
    // `?after=` says the same, and an idle session's stream ends once it has caught up.
    const tail = new EventReader(await call(`/v1/sessions/${sessionId}/events?after=${log.ids.at(-2)}`));
    expect(await tail.rest()).toEqual([{ event: "result", data: { response: "The answer is 42." } }]);
    expect(tail.ids).toEqual([log.ids.at(-1)]);
  });

  it("opens every stream with a retry hint", async () => {
    const sessionId = await createSession(askingPlan(0, "allow"));
    const response = await post(`/v1/sessions/${sessionId}/prompt`, { prompt: "What is 6 * 7?" });
    expect((await response.text()).startsWith("retry: 1000\n\n")).toBe(true);
    const events = await call(`/v1/sessions/${sessionId}/events?after=0`);
    expect((await events.text()).startsWith("retry: 1000\n\n")).toBe(true);
  });
});

describe("idempotency keys", () => {
  it("a retried POST joins the running turn and starts no second one", async () => {
    const sessionId = await createSession(askingPlan());
    const key = { "idempotency-key": "7b6f2c1e-retry" };
    const first = await prompt(sessionId, "What is 6 * 7?", key);
    const requestId = String((await first.until("approval:required")).data.request_id);

    const retried = await prompt(sessionId, "What is 6 * 7?", key);
    const status = (await (await call(`/v1/sessions/${sessionId}`)).json()) as Record<string, unknown>;
    expect(status).toMatchObject({ turns_queued: 1, pending_approvals: 1 });
    expect((await answer(sessionId, requestId)).status).toBe(200);

    const [firstRest, retriedAll] = [await first.rest(), await retried.rest()];
    // The retry replays the turn from its start: the same events with the same ids.
    expect(retried.ids).toEqual(first.ids);
    expect(retriedAll).toEqual(firstRest);
    expect((await messagesOf(sessionId)).filter((message) => message.role === "user")).toHaveLength(1);
  });

  it("a retry after the turn ended replays it; a new key starts a new turn", async () => {
    const sessionId = await createSession(askingPlan(0, "allow"));
    const done = await (await prompt(sessionId, "What is 6 * 7?", { "idempotency-key": "first" })).rest();
    const replayed = await (await prompt(sessionId, "What is 6 * 7?", { "idempotency-key": "first" })).rest();
    expect(replayed).toEqual(done);
    await (await prompt(sessionId, "What is 6 * 7?", { "idempotency-key": "second" })).rest();
    expect((await messagesOf(sessionId)).filter((message) => message.role === "user")).toHaveLength(2);
  });

  it("refuses a known key with another prompt (422), and malformed keys and event ids (400)", async () => {
    const sessionId = await createSession(askingPlan(0, "allow"));
    await (await prompt(sessionId, "What is 6 * 7?", { "idempotency-key": "k1" })).rest();
    const reused = await post(
      `/v1/sessions/${sessionId}/prompt`,
      { prompt: "What is 2 + 3?" },
      { headers: { "idempotency-key": "k1" } },
    );
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({ error: { code: "idempotency_key_reused" } });

    const spaced = await post(
      `/v1/sessions/${sessionId}/prompt`,
      { prompt: "Hi" },
      { headers: { "idempotency-key": "has space" } },
    );
    expect(spaced.status).toBe(400);
    expect(await spaced.json()).toMatchObject({
      error: { code: "invalid_header", issues: [{ path: ["Idempotency-Key"] }] },
    });
    const badId = await call(`/v1/sessions/${sessionId}/events`, { headers: { "last-event-id": "-1" } });
    expect(badId.status).toBe(400);
    expect(await badId.json()).toMatchObject({
      error: { code: "invalid_header", issues: [{ path: ["Last-Event-ID"] }] },
    });
    const badQuery = await call(`/v1/sessions/${sessionId}/events?after=abc`);
    expect(await badQuery.json()).toMatchObject({ error: { code: "invalid_query", issues: [{ path: ["after"] }] } });
    const ahead = await call(`/v1/sessions/${sessionId}/events?after=999999`);
    expect(ahead.status).toBe(400);
    expect(await ahead.json()).toMatchObject({ error: { code: "invalid_argument" } });
  });
});

describe("expiry", () => {
  it("keeps the events of the newest `retainedTurns` turns: older ones answer 410, and their keys are forgotten", async () => {
    const worker = createAmplifierWorker({ retainedTurns: 2, heartbeatMs: 0 });
    const stub = env.SESSIONS.get(env.SESSIONS.idFromName(`expiry-${crypto.randomUUID()}`));
    await runInDurableObject(stub, async (_default, state) => {
      const object = new worker.SessionObject(state, env);
      await object.create("expiry-session", mockPlan());
      const turn = async (text: string, key: string) => {
        const answered = await object.prompt("expiry-session", text, { idempotencyKey: key });
        if (!answered.ok) throw new Error(answered.error.message);
        const reader = new EventReader(new Response(answered.value, { headers: SSE }));
        await reader.rest();
        return reader.ids;
      };
      const firstIds = await turn("What is 6 * 7?", "k1");
      await turn("What is 2 + 3?", "k2");
      await turn("What is 6 * 7?", "k3");

      const expired = await object.events("expiry-session", 0);
      expect(expired).toMatchObject({ ok: false, error: { code: "events_expired" } });
      const kept = await object.events("expiry-session", firstIds.at(-1) ?? 0);
      if (!kept.ok) throw new Error(kept.error.message);
      const names = (await new EventReader(new Response(kept.value, { headers: SSE })).rest()).map((e) => e.event);
      expect(names.filter((name) => name === "turn:start")).toHaveLength(2);

      // k1's turn has expired with its events: the same key now starts a new turn.
      await turn("What is 6 * 7?", "k1");
      const history = await object.messages("expiry-session");
      expect(history.ok && history.value.filter((message) => message.role === "user")).toHaveLength(4);
    });
  });
});
