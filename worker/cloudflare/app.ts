/**
 * The HTTP API (hono): sessions, prompts streamed as Server-Sent Events, history, approvals,
 * cancellation and deletion, and each session's tools as an MCP endpoint, behind bearer-token
 * auth, with body limits and configurable CORS.
 * The Worker validates and authenticates; each session's Durable Object does the rest.
 */
import { Hono } from "hono";
import { cors } from "hono/cors";
import { evaluateModuleDefault } from "../../sandbox/runner/evaluate.ts";
import { KernelError, unwrap } from "../../src/errors.ts";
import { issuesError, prefixIssues } from "../../src/issues.ts";
import { parsePlan, parseText } from "../../src/plan/parse.ts";
import { createKvStore } from "../../src/storage/index.ts";
import { approvalBodySchema, createSessionBodySchema, promptBodySchema } from "./api-schemas.ts";
import { checkBearerToken, WWW_AUTHENTICATE } from "./auth.ts";
import { chatBodySchema, chatResponse, chatResumeResponse } from "./chat-route.ts";
import { ApiError, toApiError } from "./http-error.ts";
import {
  type AmplifierEnv,
  corsOriginsFor,
  envValue,
  planEnvFor,
  type ResolvedOptions,
  TOKEN_NAME,
} from "./options.ts";
import { cloudflarePlanIssues } from "./plan-policy.ts";
import { readJsonBody } from "./request-body.ts";
import { hasIdShape } from "./session-ids.ts";
import { ARCHIVE_PREFIX, type SessionObjectInstance } from "./session-object.ts";
import { SSE_HEADERS } from "./sse.ts";

type AppEnv = { Bindings: AmplifierEnv };

/** Builds the API for these options. */
export function createApp(options: ResolvedOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.onError((error) => {
    const failure = toApiError(error);
    return failure.toResponse(failure.status === 401 ? WWW_AUTHENTICATE : {});
  });
  app.notFound((c) => new ApiError("not_found", `No route for ${c.req.method} ${c.req.path}.`).toResponse());

  app.get("/health", async () => {
    const answer = await evaluateModuleDefault(await options.wasmModule(), "export default 6 * 7;");
    return Response.json({ ok: true, quickjs: answer });
  });

  app.use("/v1/*", async (c, next) => {
    const origins = corsOriginsFor(options, c.env);
    if (origins === "*" || origins.length > 0) {
      const allowed = origins === "*" ? "*" : [...origins];
      return cors({
        origin: allowed,
        allowMethods: ["GET", "POST", "DELETE", "OPTIONS"],
        // The MCP route's client sends its session and protocol version (and reads the session id back);
        // a turn's client sends its idempotency key and, resuming, the last event id it saw.
        allowHeaders: [
          "authorization",
          "content-type",
          "mcp-session-id",
          "mcp-protocol-version",
          "idempotency-key",
          "last-event-id",
        ],
        exposeHeaders: ["mcp-session-id"],
        maxAge: 600,
      })(c, next);
    }
    return next();
  });
  app.use("/v1/*", async (c, next) => {
    if (c.req.method === "OPTIONS") return next();
    const token = envValue(c.env, TOKEN_NAME);
    await checkBearerToken(c.req.raw, typeof token === "string" ? token : undefined);
    return next();
  });

  app.post("/v1/sessions", async (c) => {
    const body = await readJsonBody(c.req.raw, options.maxPlanBytes, createSessionBodySchema);
    const plan = validatePlan(body.plan, planEnvFor(options, c.env));
    const sessionId = options.newId();
    const created = unwrap(await sessionStub(c.env, sessionId).create(sessionId, plan));
    return c.json(created, 201);
  });

  app.post("/v1/sessions/:id/prompt", async (c) => {
    const sessionId = sessionIdOf(c.req.param("id"));
    const request = {
      idempotencyKey: idempotencyKeyOf(c.req.header("idempotency-key")),
      after: eventIdOf(c.req.header("last-event-id"), "Last-Event-ID"),
    };
    const body = await readJsonBody(c.req.raw, options.maxRequestBytes, promptBodySchema);
    const stream = unwrap(await sessionStub(c.env, sessionId).prompt(sessionId, body.prompt, request));
    return new Response(stream, { headers: SSE_HEADERS });
  });

  app.post("/v1/sessions/:id/chat", async (c) => {
    const sessionId = sessionIdOf(c.req.param("id"));
    const body = await readJsonBody(c.req.raw, options.maxChatBytes, chatBodySchema);
    const stub = sessionStub(c.env, sessionId);
    return chatResponse(
      {
        decide: async (approvalId, approved) =>
          hasIdShape(approvalId) &&
          unwrap(await stub.decideApproval(sessionId, approvalId, approved)).decision !== undefined,
        prompt: async (prompt, idempotencyKey) => unwrap(await stub.prompt(sessionId, prompt, { idempotencyKey })),
      },
      body,
    );
  });

  app.get("/v1/sessions/:id/chat/:chat_id/stream", async (c) => {
    // One session is one chat: the chat id the SDK puts in the path is not needed.
    const sessionId = sessionIdOf(c.req.param("id"));
    return chatResumeResponse(unwrap(await sessionStub(c.env, sessionId).runningTurn(sessionId)));
  });

  app.get("/v1/sessions/:id/events", async (c) => {
    const sessionId = sessionIdOf(c.req.param("id"));
    const after = eventIdOf(c.req.query("after"), "after") ?? eventIdOf(c.req.header("last-event-id"), "Last-Event-ID");
    const stream = unwrap(await sessionStub(c.env, sessionId).events(sessionId, after));
    return new Response(stream, { headers: SSE_HEADERS });
  });

  app.get("/v1/sessions/:id", async (c) => {
    const sessionId = sessionIdOf(c.req.param("id"));
    return c.json(unwrap(await sessionStub(c.env, sessionId).status(sessionId)));
  });

  app.get("/v1/sessions/:id/messages", async (c) => {
    const sessionId = sessionIdOf(c.req.param("id"));
    return c.json({ messages: unwrap(await sessionStub(c.env, sessionId).messages(sessionId)) });
  });

  app.delete("/v1/sessions/:id", async (c) => {
    const sessionId = sessionIdOf(c.req.param("id"));
    unwrap(await sessionStub(c.env, sessionId).remove(sessionId));
    return c.body(null, 204);
  });

  app.post("/v1/sessions/:id/approvals/:request_id", async (c) => {
    const sessionId = sessionIdOf(c.req.param("id"));
    const requestId = c.req.param("request_id");
    const body = await readJsonBody(c.req.raw, options.maxRequestBytes, approvalBodySchema);
    if (!hasIdShape(requestId)) {
      throw new KernelError("approval_not_found", `No pending approval ${requestId} in this session.`);
    }
    const stub = sessionStub(c.env, sessionId);
    return c.json(unwrap(await stub.answerApproval(sessionId, requestId, body.decision)));
  });

  app.post("/v1/sessions/:id/cancel", async (c) => {
    const sessionId = sessionIdOf(c.req.param("id"));
    return c.json(unwrap(await sessionStub(c.env, sessionId).cancel(sessionId)), 202);
  });

  // The session's tools as an MCP server (Streamable HTTP): the session object answers for its live session.
  app.on(["GET", "POST", "DELETE"], "/v1/sessions/:id/mcp", async (c) => {
    const sessionId = sessionIdOf(c.req.param("id"));
    // A copy without the signal, which workerd does not carry across to the object.
    const { url, method, headers, body } = c.req.raw;
    return unwrap(await sessionStub(c.env, sessionId).mcp(sessionId, new Request(url, { method, headers, body })));
  });

  app.get("/v1/archives/:id/messages", async (c) => {
    const sessionId = sessionIdOf(c.req.param("id"));
    const archive = createKvStore(binding<KVNamespace>(c.env, options.archiveBinding), { prefix: ARCHIVE_PREFIX });
    if ((await archive.getSession(sessionId)) === undefined) {
      throw new KernelError("session_not_found", `No archived session ${sessionId} (yet: KV may lag up to a minute).`);
    }
    return c.json({ messages: (await archive.load(sessionId)).map((stored) => stored.message) });
  });

  function sessionStub(env: AmplifierEnv, sessionId: string): DurableObjectStub<SessionObjectInstance> {
    const namespace = binding<DurableObjectNamespace<SessionObjectInstance>>(env, options.sessionsBinding);
    return namespace.get(namespace.idFromName(sessionId));
  }

  return app;
}

/** The route's session id, or 404 for anything that cannot be one (no object is touched). */
function sessionIdOf(id: string): string {
  if (!hasIdShape(id)) throw new KernelError("session_not_found", `No session ${id}.`);
  return id;
}

/**
 * The `Idempotency-Key` header: 1–255 visible ASCII characters.
 *
 * @throws ApiError `invalid_header` (400) naming the header.
 */
function idempotencyKeyOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw new ApiError("invalid_header", "Idempotency-Key must be 1–255 visible ASCII characters.", {
      issues: [
        { path: ["Idempotency-Key"], message: "must be 1–255 visible ASCII characters", code: "invalid_format" },
      ],
    });
  }
  return value;
}

/**
 * An event id (`Last-Event-ID`, `?after=`): a whole number, 0 or more.
 *
 * @throws ApiError `invalid_header` (or `invalid_query` for `after`; 400) naming where it came from.
 */
function eventIdOf(value: string | undefined, where: "Last-Event-ID" | "after"): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (!/^\d{1,15}$/.test(value.trim())) {
    const code = where === "after" ? "invalid_query" : "invalid_header";
    throw new ApiError(code, `${where} must be an event id (a whole number), not ${JSON.stringify(value)}.`, {
      issues: [{ path: [where], message: "must be a whole number", code: "invalid_format" }],
    });
  }
  return Number(value.trim());
}

/**
 * Validates the plan with the kernel's parser (env from the Worker) and Cloudflare's own rules.
 *
 * @throws KernelError `invalid_plan` with every issue's path under `plan` (`["plan", "tools", 0, "config"]`).
 */
function validatePlan(plan: unknown, env: Readonly<Record<string, string | undefined>>): Record<string, unknown> {
  let parsed: ReturnType<typeof parsePlan>;
  try {
    parsed = parsePlan(plan, { env });
  } catch (error) {
    if (!KernelError.is(error, "invalid_plan") || error.issues === undefined) throw error;
    throw issuesError("invalid_plan", "Invalid mount plan", prefixIssues(["plan"], error.issues), { cause: error });
  }
  const issues = cloudflarePlanIssues(parsed);
  if (issues.length > 0) throw issuesError("invalid_plan", "Invalid mount plan", prefixIssues(["plan"], issues));
  // The plan is stored as posted (text parsed), never with env values substituted: secrets stay in env.
  return typeof plan === "string" ? (parseText(plan) as Record<string, unknown>) : (plan as Record<string, unknown>);
}

function binding<T>(env: AmplifierEnv, name: string): T {
  const value = envValue(env, name);
  if (value === undefined) throw new ApiError("misconfigured", `The Worker has no binding named ${name}.`);
  return value as T;
}
