/** Bearer-token auth: every API route refuses requests without the right token; the service fails closed. */
import { describe, expect, it } from "vitest";
import { call, createSession, mockPlan, TOKEN, testEnv } from "./client.ts";

const routes = (sessionId: string): [string, string][] => [
  ["POST", "/v1/sessions"],
  ["POST", `/v1/sessions/${sessionId}/prompt`],
  ["GET", `/v1/sessions/${sessionId}`],
  ["GET", `/v1/sessions/${sessionId}/messages`],
  ["DELETE", `/v1/sessions/${sessionId}`],
  ["POST", `/v1/sessions/${sessionId}/approvals/0123456789abcdef0123456789abcdef`],
  ["POST", `/v1/sessions/${sessionId}/cancel`],
  ["GET", `/v1/archives/${sessionId}/messages`],
];

const body = (method: string) => (method === "POST" ? JSON.stringify({ plan: mockPlan(), prompt: "hi" }) : null);

describe("bearer-token auth", () => {
  it("answers 401 with WWW-Authenticate on every route without a token, with another token or a malformed header", async () => {
    const sessionId = await createSession();
    for (const authorization of ["", `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, TOKEN, `Basic ${TOKEN}`]) {
      for (const [method, path] of routes(sessionId)) {
        const response = await call(path, { method, body: body(method), headers: { authorization } });
        expect(response.status, `${method} ${path} with "${authorization}"`).toBe(401);
        expect(response.headers.get("www-authenticate")).toBe('Bearer realm="amplifier-edge"');
        expect(await response.json()).toMatchObject({ error: { code: "unauthorized" } });
      }
    }
    // Nothing happened to the session: it still has its (empty) history and no turn ran.
    const status = await call(`/v1/sessions/${sessionId}`);
    expect(await status.json()).toMatchObject({ session_id: sessionId, message_count: 0, turns_queued: 0 });
  });

  it("accepts the scheme in any case", async () => {
    const response = await call("/v1/sessions", {
      method: "POST",
      body: JSON.stringify({ plan: mockPlan() }),
      headers: { authorization: `bearer ${TOKEN}` },
    });
    expect(response.status).toBe(201);
  });

  it("refuses every API request with 503 when no token is configured, even one that sends a token", async () => {
    for (const token of [undefined, ""]) {
      const response = await call(
        "/v1/sessions",
        { method: "POST", body: JSON.stringify({ plan: mockPlan() }) },
        testEnv({ AMPLIFIER_EDGE_TOKEN: token }),
      );
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: { code: "auth_not_configured" } });
    }
  });

  it("leaves the health route open", async () => {
    const response = await call("/health", { headers: { authorization: "" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, quickjs: 42 });
  });
});

describe("CORS", () => {
  const origin = "https://app.example";

  it("sends no CORS headers unless origins are configured", async () => {
    const response = await call("/v1/sessions/0123456789abcdef0123456789abcdef", { headers: { origin } });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers preflights without a token and allows the configured origins only", async () => {
    const env = testEnv({ AMPLIFIER_CORS_ORIGINS: `${origin}, https://other.example` });
    const preflight = await call(
      "/v1/sessions",
      {
        method: "OPTIONS",
        headers: {
          authorization: "",
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, content-type",
        },
      },
      env,
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(origin);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("DELETE");

    const allowed = await call("/v1/sessions/0123456789abcdef0123456789abcdef", { headers: { origin } }, env);
    expect(allowed.status).toBe(404);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(origin);

    const refused = await call(
      "/v1/sessions/0123456789abcdef0123456789abcdef",
      { headers: { origin, authorization: "" } },
      env,
    );
    expect(refused.status).toBe(401);
    expect(refused.headers.get("access-control-allow-origin")).toBe(origin);

    const stranger = await call(
      "/v1/sessions/0123456789abcdef0123456789abcdef",
      { headers: { origin: "https://evil.example" } },
      env,
    );
    expect(stranger.headers.get("access-control-allow-origin")).toBeNull();
  });
});
