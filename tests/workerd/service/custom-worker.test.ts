/**
 * The public API: `createAmplifierWorker(options)` builds the same service with an application's
 * own modules, ids, limits, CORS and routes; its `SessionObject` class runs them.
 */
import { createExecutionContext, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ModuleDefinition } from "../../../src/contracts.ts";
import { createAmplifierWorker, defaultCloudflareModules } from "../../../worker/cloudflare/index.ts";
import { EventReader, mockPlan, TOKEN, testEnv } from "./client.ts";
import { ASK_BEFORE_TOOLS_SOURCE } from "./fixtures.ts";

/** A trusted tool of the application's own. */
const toolEcho: ModuleDefinition = {
  id: "tool-echo",
  type: "tool",
  async mount(coordinator) {
    await coordinator.mount(
      "tools",
      {
        name: "echo",
        description: "Echoes its text",
        input_schema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
        async execute(input: Record<string, unknown>) {
          await coordinator.hooks.emit("tool-echo:echoed", { text: input.text });
          return { success: true, output: `echo: ${String(input.text)}` };
        },
      },
      { name: "echo" },
    );
  },
};

const SSE = { "content-type": "text/event-stream" };
// biome-ignore lint/suspicious/noTemplateCurlyInString: a mount plan's env reference, not a template
const KEY_REFERENCE = "${ANTHROPIC_API_KEY}";

const echoPlan = {
  session: { orchestrator: "loop-basic", context: "context-simple" },
  providers: [
    {
      module: "provider-mock",
      config: { script: [{ tool_calls: [{ name: "echo", arguments: { text: "hi" } }] }, { text: "Echoed." }] },
    },
  ],
  tools: [{ module: "tool-echo" }],
};

function request(path: string, init: RequestInit = {}, token: string | undefined = TOKEN): Request {
  const headers = new Headers(init.headers);
  if (token !== undefined) headers.set("authorization", `Bearer ${token}`);
  headers.set("content-type", "application/json");
  return new Request(`http://custom.test${path}`, { ...init, headers });
}

describe("createAmplifierWorker", () => {
  it("uses its injected ids, its own limits and CORS origins, and serves routes added to its app", async () => {
    let created = 0;
    const worker = createAmplifierWorker({
      newId: () => `app-session-${++created}`,
      maxPlanBytes: 1024,
      corsOrigins: "*",
    });
    worker.app.get("/v1/whoami", (c) => c.json({ service: "mine" }));
    const call = (path: string, init?: RequestInit, token?: string) =>
      worker.fetch(request(path, init, token), testEnv(), createExecutionContext());

    const response = await call("/v1/sessions", { method: "POST", body: JSON.stringify({ plan: mockPlan() }) });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ session_id: "app-session-1" });
    expect(response.headers.get("access-control-allow-origin")).toBe("*");

    const big = {
      plan: mockPlan(undefined, {
        session: { orchestrator: "loop-basic", context: "context-simple", metadata: { padding: "x".repeat(2000) } },
      }),
    };
    expect((await call("/v1/sessions", { method: "POST", body: JSON.stringify(big) })).status).toBe(413);

    expect((await call("/v1/whoami", {}, "wrong")).status).toBe(401);
    expect(await (await call("/v1/whoami")).json()).toEqual({ service: "mine" });
  });

  it("its SessionObject runs plans that name the application's own modules, and streams their own events", async () => {
    const worker = createAmplifierWorker({ modules: [...defaultCloudflareModules, toolEcho], heartbeatMs: 0 });
    const stub = env.SESSIONS.get(env.SESSIONS.idFromName(`custom-${crypto.randomUUID()}`));
    const { events, messages } = await runInDurableObject(stub, async (_default, state) => {
      const object = new worker.SessionObject(state, env);
      expect(await object.create("custom-session", echoPlan)).toEqual({
        ok: true,
        value: { session_id: "custom-session" },
      });
      const answer = await object.prompt("custom-session", "Echo hi");
      if (!answer.ok) throw new Error(answer.error.message);
      const streamed = await new EventReader(new Response(answer.value, { headers: SSE })).rest();
      const history = await object.messages("custom-session");
      return { events: streamed, messages: history.ok ? history.value : [] };
    });
    expect(events.find((event) => event.event === "tool-echo:echoed")?.data).toMatchObject({ text: "hi" });
    expect(events.find((event) => event.event === "tool:post")?.data).toMatchObject({
      tool_name: "echo",
      result: { success: true, output: "echo: hi" },
    });
    expect(events.at(-1)).toEqual({ event: "result", data: { response: "Echoed." } });
    expect(messages.map((message) => message.role)).toEqual(["user", "assistant", "tool", "assistant"]);
  });

  it("substitutes a plan's env references from the object's env when it builds the session, and never stores the value", async () => {
    const worker = createAmplifierWorker({ heartbeatMs: 0 });
    const stub = env.SESSIONS.get(env.SESSIONS.idFromName(`env-${crypto.randomUUID()}`));
    const plan = mockPlan(undefined, {
      providers: [{ module: "provider-mock", config: { model: KEY_REFERENCE } }],
    });
    const { events, stored } = await runInDurableObject(stub, async (_default, state) => {
      const object = new worker.SessionObject(state, { ...env, ANTHROPIC_API_KEY: "model-from-env" });
      await object.create("env-session", plan);
      const answer = await object.prompt("env-session", "Hello");
      if (!answer.ok) throw new Error(answer.error.message);
      const streamed = await new EventReader(new Response(answer.value, { headers: SSE })).rest();
      return { events: streamed, stored: JSON.stringify(Object.fromEntries(await state.storage.list())) };
    });
    expect(events.find((event) => event.event === "llm:request")?.data).toMatchObject({ model: "model-from-env" });
    expect(stored).toContain(KEY_REFERENCE);
    expect(stored).not.toContain("model-from-env");
  });

  it("keeps an idle stream alive with comments while a turn waits", async () => {
    const worker = createAmplifierWorker({ heartbeatMs: 5 });
    const stub = env.SESSIONS.get(env.SESSIONS.idFromName(`heartbeat-${crypto.randomUUID()}`));
    const plan = mockPlan(undefined, {
      hooks: [
        {
          module: "hook-ask",
          source: { inline: ASK_BEFORE_TOOLS_SOURCE },
          sandbox: { permissions: { approval: true } },
        },
      ],
    });
    const text = await runInDurableObject(stub, async (_default, state) => {
      const object = new worker.SessionObject(state, env);
      await object.create("heartbeat-session", plan);
      const answer = await object.prompt("heartbeat-session", "What is 6 * 7?");
      if (!answer.ok) throw new Error(answer.error.message);
      const reader = answer.value.pipeThrough(new TextDecoderStream()).getReader();
      let seen = "";
      while (!/request_id":"(\w+)"[\s\S]*: keep-alive\n\n/.test(seen)) {
        const chunk = await reader.read();
        if (chunk.done) throw new Error(`the stream ended before a keep-alive: ${seen}`);
        seen += chunk.value;
      }
      const requestId = /request_id":"(\w+)"/.exec(seen)?.[1] ?? "";
      expect(await object.answerApproval("heartbeat-session", requestId, "Allow")).toMatchObject({ ok: true });
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) seen += chunk.value;
      return seen;
    });
    expect(text).toContain(": keep-alive\n\n");
    expect(text.trimEnd().endsWith('data: {"response":"The answer is 42."}')).toBe(true);
  });
});
