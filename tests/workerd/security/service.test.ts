/**
 * The Cloudflare service from an attacker's side, in workerd: tokens in the wrong places, ids that
 * are not a session's, bodies built to break parsers, a client that never finishes its body, and
 * method tricks. None gets in, none gets a 500, and the service answers normally afterwards.
 * (tests/workerd/service covers the API's own contract: auth, bodies, approvals, disconnects.)
 */
import { describe, expect, it } from "vitest";
import { call, createSession, messagesOf, mockPlan, post, prompt, TOKEN } from "../service/client.ts";

const SESSION_ROUTES = (id: string): [string, string][] => [
  ["POST", `/v1/sessions/${id}/prompt`],
  ["GET", `/v1/sessions/${id}`],
  ["GET", `/v1/sessions/${id}/messages`],
  ["DELETE", `/v1/sessions/${id}`],
  ["POST", `/v1/sessions/${id}/cancel`],
];

const bodyFor = (method: string) => (method === "POST" ? JSON.stringify({ prompt: "hi" }) : null);

/** `depth` nested arrays as JSON text, built without recursion. */
const nestedJson = (depth: number) => `${"[".repeat(depth)}1${"]".repeat(depth)}`;

/** The service still works: health answers and a new session runs a turn. */
async function expectServiceAlive(): Promise<void> {
  const health = await call("/health");
  expect(health.status).toBe(200);
  const sessionId = await createSession(mockPlan([{ text: "still here" }]));
  const events = await (await prompt(sessionId, "ping")).rest();
  expect(events.at(-1)).toEqual({ event: "result", data: { response: "still here" } });
}

describe("security: HTTP service in workerd", () => {
  it("takes the token only from the Authorization header, exactly, and never echoes what was sent", async () => {
    const attempts: [string, RequestInit][] = [
      [`/v1/sessions?token=${TOKEN}`, { headers: { authorization: "" } }],
      [`/v1/sessions?access_token=${TOKEN}`, { headers: { authorization: "" } }],
      ["/v1/sessions", { headers: { authorization: "", cookie: `token=${TOKEN}` } }],
      ["/v1/sessions", { headers: { authorization: `Bearer ${TOKEN}, Bearer ${TOKEN}` } }],
      ["/v1/sessions", { headers: { authorization: `Bearer ${TOKEN.toUpperCase()}` } }],
      ["/v1/sessions", { headers: { authorization: `Bearer ${btoa(TOKEN)}` } }],
      ["/v1/sessions", { headers: { authorization: "Bearer " } }],
    ];
    for (const [path, init] of attempts) {
      const response = await call(path, { ...init, method: "POST", body: JSON.stringify({ plan: mockPlan() }) });
      const text = await response.text();
      expect(response.status, `${path} ${JSON.stringify(init.headers)}`).toBe(401);
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain("session_id");
    }
  });

  it("answers 404 for ids that are not a session's (guessed, deleted, traversal, oversized, odd case) without running anything", async () => {
    const victim = await createSession();
    const deleted = await createSession();
    expect((await call(`/v1/sessions/${deleted}`, { method: "DELETE" })).status).toBe(204);
    const ids = [
      "0123456789abcdef0123456789abcdef",
      deleted,
      victim.toUpperCase() === victim ? `${victim}0` : victim.toUpperCase(),
      `${victim}%2F..%2F..`,
      "..%2F..%2Fhealth",
      "%2e%2e",
      "a".repeat(10_000),
      encodeURIComponent("ünïcødé"),
    ];
    for (const id of ids) {
      for (const [method, path] of SESSION_ROUTES(id)) {
        const response = await call(path, { method, body: bodyFor(method) });
        expect(response.status, `${method} ${path.slice(0, 80)}`).toBe(404);
      }
    }
    // The victim session was never touched by any of it.
    expect(await messagesOf(victim)).toEqual([]);
  });

  it("refuses bodies built to break parsers with 4xx and a reason, never a 500", async () => {
    const aliasBomb = [
      "session: &a [x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
      "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]",
      "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]",
      "g: [*f, *f, *f, *f, *f, *f, *f, *f, *f]",
    ].join("\n");
    const bodies: [string, string][] = [
      ["a plan nested 100,000 levels", `{"plan":{"session":${nestedJson(100_000)}}}`],
      [
        "a plan nested 300 levels in a config",
        `{"plan":{"session":{"orchestrator":{"module":"loop-basic","config":{"x":${nestedJson(300)}}},"context":"context-simple"}}}`,
      ],
      ["a YAML alias bomb", JSON.stringify({ plan: aliasBomb })],
      [
        "__proto__ in a module's config",
        JSON.stringify({
          plan: JSON.parse(
            '{"session":{"orchestrator":{"module":"loop-basic","config":{"__proto__":{"admin":true}}},"context":"context-simple"}}',
          ),
        }),
      ],
      [
        "constructor.prototype in the plan",
        JSON.stringify({
          plan: {
            session: { orchestrator: "loop-basic", context: "context-simple" },
            constructor: { prototype: { admin: true } },
          },
        }),
      ],
      ["a plan that is a number", JSON.stringify({ plan: 42 })],
      ["a lone surrogate and NUL in the plan", JSON.stringify({ plan: "\u0000\ud800session:" })],
      ["truncated JSON", '{"plan":{"session":'],
      ["JSON with a trailing comma", '{"plan":{},}'],
    ];
    for (const [what, body] of bodies) {
      const response = await call("/v1/sessions", { method: "POST", body });
      const text = await response.text();
      expect(response.status, `${what}: ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
      expect(response.status, `${what}: ${text.slice(0, 300)}`).toBeLessThan(500);
      expect(JSON.parse(text), what).toMatchObject({
        error: { code: expect.any(String), message: expect.any(String) },
      });
    }
    expect({} as Record<string, unknown>).not.toHaveProperty("admin");
    await expectServiceAlive();
  });

  it("refuses prompts built to break the session (wrong types, huge, nested) and the session goes on", async () => {
    const sessionId = await createSession(mockPlan([{ text: "fine" }]));
    const bodies: unknown[] = [
      { prompt: { text: "not a string" } },
      { prompt: ["a"] },
      { prompt: "x".repeat(2 * 1024 * 1024) },
      JSON.parse(`{"prompt":"hi","extra":${nestedJson(50_000)}}`),
    ];
    for (const body of bodies) {
      const response = await post(`/v1/sessions/${sessionId}/prompt`, body);
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
    const events = await (await prompt(sessionId, "hello")).rest();
    expect(events.at(-1)).toEqual({ event: "result", data: { response: "fine" } });
    expect((await messagesOf(sessionId)).map((message) => message.role)).toEqual(["user", "assistant"]);
  });

  it("a client that never finishes its body holds only its own request: others are served meanwhile", async () => {
    const encoder = new TextEncoder();
    let stalled: ReadableStreamDefaultController<Uint8Array> | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        stalled = controller;
        controller.enqueue(encoder.encode('{"plan":{"session":'));
      },
    });
    const slow = call("/v1/sessions", { method: "POST", body, duplex: "half" } as RequestInit);
    await expectServiceAlive();
    // The client goes away without finishing: its request ends, with no session created.
    stalled?.error(new Error("client went away"));
    const outcome = await slow.then(
      (response) => response.status,
      () => "rejected",
    );
    expect(
      outcome === "rejected" || (typeof outcome === "number" && outcome >= 400 && outcome < 500),
      String(outcome),
    ).toBe(true);
    await expectServiceAlive();
  });

  it("ignores method-override headers: a GET cannot delete, a POST cannot reach another route", async () => {
    const sessionId = await createSession();
    for (const header of ["x-http-method-override", "x-http-method", "x-method-override"]) {
      const response = await call(`/v1/sessions/${sessionId}`, { headers: { [header]: "DELETE" } });
      expect(response.status).toBe(200);
    }
    const status = await call(`/v1/sessions/${sessionId}`);
    expect(status.status).toBe(200);
    const head = await call(`/v1/sessions/${sessionId}`, { method: "HEAD" });
    expect(head.status).toBeLessThan(500);
    const put = await call(`/v1/sessions/${sessionId}`, { method: "PUT", body: "{}" });
    expect(put.status).toBe(404);
    expect((await call(`/v1/sessions/${sessionId}`)).status).toBe(200);
  });
});
