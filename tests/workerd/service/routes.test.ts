/** Every route of the HTTP API on its own path, in real workerd with the session's Durable Object. */
import { describe, expect, it } from "vitest";
import { findToolPairingProblems } from "../../../src/testing/index.ts";
import { call, createSession, messagesOf, mockPlan, post, prompt, textOf } from "./client.ts";

const UNKNOWN_ID = "0123456789abcdef0123456789abcdef";

describe("the HTTP API", () => {
  it("POST /v1/sessions answers 201 with a new 128-bit id each time", async () => {
    const ids = [await createSession(), await createSession()];
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it("POST /v1/sessions takes the plan as YAML text too", async () => {
    const yaml = [
      "session:",
      "  orchestrator: loop-streaming",
      "  context: context-simple",
      "providers:",
      "  - module: provider-mock",
      "tools:",
      "  - module: tool-calculator",
    ].join("\n");
    const sessionId = await createSession(yaml);
    const events = await (await prompt(sessionId, "What is 6 * 7?")).rest();
    expect(events.map((event) => event.event)).toContain("content_block:delta");
    expect(events.at(-1)).toEqual({ event: "result", data: { response: "The answer is 42." } });
  });

  it("POST .../prompt streams one SSE event per kernel event and ends with the result", async () => {
    const sessionId = await createSession();
    const response = await post(`/v1/sessions/${sessionId}/prompt`, { prompt: "What is 6 * 7?" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
    const text = await response.text();
    // A reconnection hint, then the turn's id, then the kernel's events, each with its id in the session.
    expect(text).toMatch(/^retry: 1000\n\nid: 1\nevent: turn:start\ndata: \{"turn_id":"[0-9a-f]{32}"\}\n\n/);
    expect(text).toMatch(/\n\nid: 2\nevent: session:start\ndata: \{.*\}\n\n/);
    const names = [...text.matchAll(/^event: (.+)$/gm)].map((match) => match[1]);
    expect(names.slice(0, 5)).toEqual([
      "turn:start",
      "session:start",
      "execution:start",
      "prompt:submit",
      "provider:request",
    ]);
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((match) => Number(match[1]));
    expect(ids).toEqual(ids.map((_id, index) => index + 1));
    for (const name of ["tool:pre", "tool:post", "orchestrator:complete", "execution:end"])
      expect(names).toContain(name);
    expect(names.at(-1)).toBe("result");
    expect(text.trimEnd().split("\n").at(-1)).toBe('data: {"response":"The answer is 42."}');
    const toolPre = /event: tool:pre\ndata: (.+)\n/.exec(text)?.[1] ?? "{}";
    expect(JSON.parse(toolPre)).toMatchObject({
      session_id: sessionId,
      tool_name: "calculator",
      tool_input: { expression: "6 * 7" },
    });
  });

  it("a second turn resumes the same conversation (session:start only once)", async () => {
    const sessionId = await createSession();
    await (await prompt(sessionId, "What is 6 * 7?")).rest();
    const second = await (await prompt(sessionId, "What is 2 + 3?")).rest();
    expect(second.map((event) => event.event)).not.toContain("session:start");
    expect(second.at(-1)?.data).toEqual({ response: "The answer is 5." });
  });

  it("a failing turn ends its stream with an error event, and the session goes on", async () => {
    const sessionId = await createSession(mockPlan([{ error: { kind: "auth", message: "bad key" } }]));
    const failed = await (await prompt(sessionId, "Hello")).rest();
    // The error event is the kernel's error data whole: the provider's LLM error data survives.
    expect(failed.at(-1)).toMatchObject({
      event: "error",
      data: { code: "provider_failed", data: { kind: "auth", retryable: false, provider: "mock" } },
    });
    const after = await (await prompt(sessionId, "Hello again")).rest();
    expect(after.at(-1)?.event).toBe("error");
    expect(findToolPairingProblems(await messagesOf(sessionId))).toEqual([]);
  });

  it("a provider that fails to mount is loud: module:load_failed, then an error naming it", async () => {
    const sessionId = await createSession(
      mockPlan(undefined, { providers: [{ module: "provider-mock", config: { model: 7 } }] }),
    );
    const events = await (await prompt(sessionId, "Hello")).rest();
    expect(events.find((event) => event.event === "module:load_failed")?.data).toMatchObject({
      module_id: "provider-mock",
      reason_code: "invalid_config",
    });
    expect(events.at(-1)).toMatchObject({
      event: "error",
      data: { code: "no_provider", message: expect.stringContaining("provider-mock failed (invalid_config") },
    });
  });

  it("GET .../messages answers the stored history", async () => {
    const sessionId = await createSession();
    expect(await messagesOf(sessionId)).toEqual([]);
    await (await prompt(sessionId, "What is 6 * 7?")).rest();
    const messages = await messagesOf(sessionId);
    expect(messages.map((message) => [message.role, textOf(message.content)])).toEqual([
      ["user", "What is 6 * 7?"],
      ["assistant", "Let me calculate 6 * 7."],
      ["tool", "42"],
      ["assistant", "The answer is 42."],
    ]);
    expect(findToolPairingProblems(messages)).toEqual([]);
  });

  it("GET /v1/sessions/:id answers the session's counters", async () => {
    const sessionId = await createSession();
    const reader = await prompt(sessionId, "What is 6 * 7?");
    await reader.rest();
    const response = await call(`/v1/sessions/${sessionId}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      session_id: sessionId,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      message_count: 4,
      turns_queued: 0,
      pending_approvals: 0,
      last_event_id: reader.ids.at(-1),
    });
  });

  it("DELETE answers 204, the session is gone, and its history is archived in KV", async () => {
    const sessionId = await createSession();
    await (await prompt(sessionId, "What is 6 * 7?")).rest();
    const stored = await messagesOf(sessionId);

    const deleted = await call(`/v1/sessions/${sessionId}`, { method: "DELETE" });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");
    for (const [method, path] of [
      ["GET", `/v1/sessions/${sessionId}`],
      ["GET", `/v1/sessions/${sessionId}/messages`],
      ["DELETE", `/v1/sessions/${sessionId}`],
    ] as const) {
      const response = await call(path, { method });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: "session_not_found" } });
    }
    expect((await post(`/v1/sessions/${sessionId}/prompt`, { prompt: "Hi" })).status).toBe(404);

    const archived = await call(`/v1/archives/${sessionId}/messages`);
    expect(archived.status).toBe(200);
    expect(await archived.json()).toEqual({ messages: stored });
  });

  it("answers 404 for a session that does not exist or an id that cannot be one, on every route", async () => {
    for (const id of [UNKNOWN_ID, "not-a-session-id-but-long-enough", "short", "a%2F..%2Fb"]) {
      const routes: [string, string, unknown][] = [
        ["POST", `/v1/sessions/${id}/prompt`, { prompt: "Hi" }],
        ["GET", `/v1/sessions/${id}`, undefined],
        ["GET", `/v1/sessions/${id}/messages`, undefined],
        ["DELETE", `/v1/sessions/${id}`, undefined],
        ["POST", `/v1/sessions/${id}/approvals/${UNKNOWN_ID}`, { decision: "Allow" }],
        ["POST", `/v1/sessions/${id}/cancel`, {}],
        ["GET", `/v1/archives/${id}/messages`, undefined],
      ];
      for (const [method, path, body] of routes) {
        const init = body === undefined ? { method } : { method, body: JSON.stringify(body) };
        const response = await call(path, init);
        expect(response.status, `${method} ${path}`).toBe(404);
        expect(await response.json()).toMatchObject({ error: { code: "session_not_found" } });
      }
    }
  });

  it("answers 404 with a JSON error for unknown routes", async () => {
    const response = await call("/v1/sessions", { method: "GET" });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "not_found", message: "No route for GET /v1/sessions." } });
  });
});
