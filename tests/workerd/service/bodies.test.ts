/** Oversized, malformed and invalid bodies: 413, 415 and 400 with the zod path of every problem. */
import { describe, expect, it } from "vitest";
import type { Issue } from "../../../src/errors.ts";
import { formatIssue } from "../../../src/issues.ts";
import type { ApiErrorBody } from "../../../worker/cloudflare/index.ts";
import { call, createSession, mockPlan, post, testEnv } from "./client.ts";
import { ASK_BEFORE_TOOLS_SOURCE } from "./fixtures.ts";

/** A body streamed in chunks (so it has no Content-Length), counting the chunks that were read. */
function streamedBody(chunks: number, chunkBytes: number): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (sent === chunks) return controller.close();
        sent++;
        controller.enqueue(new TextEncoder().encode(" ".repeat(chunkBytes)));
      },
    },
    { highWaterMark: 0 },
  );
  return { body, pulled: () => sent };
}

async function errorOf(response: Response): Promise<ApiErrorBody["error"]> {
  return ((await response.json()) as ApiErrorBody).error;
}

describe("request bodies", () => {
  it("answers 413 for a plan over the limit by its Content-Length, before reading it", async () => {
    const response = await call("/v1/sessions", {
      method: "POST",
      body: JSON.stringify({ plan: mockPlan(), padding: "x".repeat(2 * 1024 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(await errorOf(response)).toMatchObject({ code: "body_too_large" });
  });

  it("answers 413 for a streamed body without Content-Length once it passes the limit", async () => {
    const sessionId = await createSession();
    const streamed = streamedBody(1024, 1024);
    const response = await call(`/v1/sessions/${sessionId}/prompt`, {
      method: "POST",
      body: streamed.body,
      // @ts-expect-error workerd needs duplex for a streamed request body; the DOM types do not know it
      duplex: "half",
    });
    // Reading stopped soon after the 64 KiB limit: the rest of the 1 MiB body was never pulled.
    expect(streamed.pulled()).toBeLessThan(128);
    expect(response.status).toBe(413);
    expect(await errorOf(response)).toMatchObject({
      code: "body_too_large",
      message: expect.stringContaining("65536"),
    });
  });

  it("answers 400 invalid_json for malformed JSON and 415 for another content type", async () => {
    const malformed = await call("/v1/sessions", { method: "POST", body: '{"plan": {' });
    expect(malformed.status).toBe(400);
    expect(await errorOf(malformed)).toMatchObject({ code: "invalid_json" });

    const yamlBody = await call("/v1/sessions", {
      method: "POST",
      body: "plan: {}",
      headers: { "content-type": "text/yaml" },
    });
    expect(yamlBody.status).toBe(415);
  });

  it("names the path of every problem in the body", async () => {
    const sessionId = await createSession();
    const cases: [unknown, Issue[]][] = [
      [{}, [{ path: ["prompt"], message: "required (the prompt text)", code: "invalid_type" }]],
      [{ prompt: 42 }, [{ path: ["prompt"], message: "required (the prompt text)", code: "invalid_type" }]],
      [{ prompt: "" }, [{ path: ["prompt"], message: "must not be empty", code: "too_small" }]],
      [{ prompt: "hi", stream: true }, [{ path: [], message: 'unknown key "stream"', code: "unrecognized_keys" }]],
      [["hi"], [{ path: [], message: "expected object, received array", code: "invalid_type" }]],
    ];
    for (const [body, issues] of cases) {
      const response = await post(`/v1/sessions/${sessionId}/prompt`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(await errorOf(response)).toEqual({
        code: "invalid_body",
        message: `Invalid request body: ${issues.map(formatIssue).join("; ")}`,
        issues,
      });
    }
    const noPlan = await post("/v1/sessions", { plans: {} });
    expect(noPlan.status).toBe(400);
    expect((await errorOf(noPlan)).issues).toEqual([
      { path: ["plan"], message: "required (a mount plan: an object, JSON or YAML)", code: "custom" },
      { path: [], message: 'unknown key "plans"', code: "unrecognized_keys" },
    ]);
  });

  it("validates the plan with the kernel's parser and answers its paths under plan", async () => {
    const response = await post("/v1/sessions", {
      plan: { session: { orchestrator: "loop-basic" }, tools: [{ module: "tool-calculator", confg: {} }] },
    });
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe("invalid_plan");
    // Paths stay arrays across the HTTP edge, numbers included, under `plan`.
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { path: ["plan", "session", "context"], message: expect.stringContaining("required"), code: "invalid_union" },
        { path: ["plan", "tools", 0], message: 'unknown key "confg"', code: "unrecognized_keys" },
      ]),
    );
    expect(error.message).toContain('plan.tools[0]: unknown key "confg"');
    const yaml = await post("/v1/sessions", { plan: "session: [unclosed" });
    expect(yaml.status).toBe(400);
    expect(await errorOf(yaml)).toMatchObject({
      code: "invalid_plan",
      issues: [{ path: ["plan"], message: expect.stringMatching(/^YAML line 1/), code: "invalid_syntax" }],
    });
  });

  it("refuses what cannot run on Cloudflare: a sandboxed context, a file path source, worker placement", async () => {
    const response = await post("/v1/sessions", {
      plan: mockPlan(undefined, {
        session: {
          orchestrator: "loop-basic",
          context: { module: "context-own", source: { inline: "export async function mount() {}" } },
        },
        hooks: [
          { module: "hook-file", source: "./hooks/guard.js" },
          { module: "hook-ask", source: { inline: ASK_BEFORE_TOOLS_SOURCE }, sandbox: { placement: "worker" } },
        ],
      }),
    });
    expect(response.status).toBe(400);
    const issues = (await errorOf(response)).issues ?? [];
    expect(issues.map((issue) => issue.path)).toEqual([
      ["plan", "hooks", 0, "source"],
      ["plan", "session", "context", "source"],
      ["plan", "hooks", 1, "sandbox", "placement"],
    ]);
    expect(issues.every((issue) => issue.code === "unsupported")).toBe(true);
  });

  it("lets a plan read only the env names it is given, never the API token", async () => {
    const reading = (name: string) =>
      mockPlan(undefined, { providers: [{ module: "provider-mock", config: { model: `\${${name}}` } }] });
    const create = (plan: unknown, workerEnv: object) =>
      call("/v1/sessions", { method: "POST", body: JSON.stringify({ plan }) }, workerEnv);

    expect((await create(reading("ANTHROPIC_API_KEY"), testEnv({ ANTHROPIC_API_KEY: "sk-test" }))).status).toBe(201);
    const unlisted = testEnv({ NOT_LISTED: "value", AMPLIFIER_PLAN_ENV: "ANTHROPIC_API_KEY,AMPLIFIER_EDGE_TOKEN" });
    for (const name of ["AMPLIFIER_EDGE_TOKEN", "NOT_LISTED"]) {
      const response = await create(reading(name), unlisted);
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toMatchObject({
        code: "invalid_plan",
        issues: [
          {
            path: ["plan", "providers", 0, "config", "model"],
            message: expect.stringContaining(`${name} is not set`),
            code: "missing_env",
          },
        ],
      });
    }
  });
});
