/**
 * One error model across the service's seams: the session object answers the kernel's `Result`
 * over RPC (no HTTP status behind the edge), and the Worker adds the status from one table, with
 * code, data and issues (array paths, numbers kept) carried whole into the JSON body.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { KernelError } from "../../../src/errors.ts";
import { toApiError } from "../../../worker/cloudflare/http-error.ts";
import { ApiError, statusOf } from "../../../worker/cloudflare/index.ts";
import { mockPlan, post } from "./client.ts";

const stubOf = (sessionId: string) => env.SESSIONS.get(env.SESSIONS.idFromName(sessionId));

describe("errors across the service's seams", () => {
  it("the session object answers Results over RPC: the kernel's error data, no status", async () => {
    const sessionId = `rpc-${crypto.randomUUID()}`;
    const stub = stubOf(sessionId);
    expect(await stub.status(sessionId)).toEqual({
      ok: false,
      error: { code: "session_not_found", message: `No session ${sessionId}.` },
    });
    expect(await stub.create(sessionId, mockPlan())).toEqual({ ok: true, value: { session_id: sessionId } });
    expect(await stub.create(sessionId, mockPlan())).toEqual({
      ok: false,
      error: { code: "name_conflict", message: `Session ${sessionId} already exists.` },
    });
    expect(await stub.cancel(sessionId)).toEqual({
      ok: false,
      error: { code: "no_turn_running", message: "No turn is running." },
    });
  });

  it("adds the status at the edge from one table, keeping code, data and issues whole", async () => {
    const error = new KernelError("module_not_found", "gone", {
      data: { hash: "sha256-00" },
      issues: [{ path: ["tools", 2, "source"], message: "missing", code: "not_found" }],
    });
    const answer = toApiError(error);
    expect(answer.status).toBe(500);
    expect(answer.toBody()).toEqual({ error: error.toData() });
    const response = answer.toResponse();
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: {
        code: "module_not_found",
        message: "gone",
        data: { hash: "sha256-00" },
        issues: [{ path: ["tools", 2, "source"], message: "missing", code: "not_found" }],
      },
    });
    expect(toApiError(new TypeError("boom")).toBody()).toEqual({
      error: { code: "internal", message: "Internal error: boom" },
    });
    const table: [Parameters<typeof statusOf>[0], number][] = [
      ["invalid_plan", 400],
      ["invalid_body", 400],
      ["unauthorized", 401],
      ["session_not_found", 404],
      ["approval_not_found", 404],
      ["session_busy", 409],
      ["name_conflict", 409],
      ["no_turn_running", 409],
      ["body_too_large", 413],
      ["unsupported_media_type", 415],
      ["storage_failed", 503],
      ["provider_failed", 500],
      ["sandbox_killed", 500],
    ];
    for (const [code, status] of table) expect(statusOf(code), code).toBe(status);
    expect(new ApiError("auth_not_configured", "set a token").status).toBe(503);
  });

  it("a plan issue's path keeps its numbers through the HTTP API", async () => {
    const response = await post("/v1/sessions", {
      plan: mockPlan(undefined, { tools: [{ module: "tool-calculator" }, { module: "tool-x", config: [1] }] }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { issues: { path: unknown[] }[] } };
    expect(body.error.issues).toEqual([
      { path: ["plan", "tools", 1, "config"], message: expect.any(String), code: "invalid_type" },
    ]);
  });
});
