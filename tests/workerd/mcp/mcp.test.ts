/**
 * `tool-mcp` in workerd, through the Cloudflare service's session object (the Durable Object the
 * service runs each session in): the shared suite against the SDK's server on 127.0.0.1, the MCP
 * client's requests going through the service's fetch gate. The service streams a turn's events
 * only, so the suite reads what happens between turns from the next turn's answers.
 */
/// <reference path="../../fixtures/mcp/provided-context.d.ts" />
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { inject, vi } from "vitest";
import { createAmplifierWorker } from "../../../worker/cloudflare/index.ts";
import { loopbackFetch } from "../../fixtures/mcp/loopback.ts";
import type { McpRuntime, McpTestSession, SeenEvent, TurnOptions } from "../../suites/mcp/harness.ts";
import { registerMcpSuite } from "../../suites/mcp/mcp.suite.ts";
import { EventReader } from "../service/client.ts";

// Each session is a Durable Object that connects to the server on its first turn; a busy machine makes that slow.
vi.setConfig({ testTimeout: 60_000 });

const SSE = { "content-type": "text/event-stream" };

const workerd: McpRuntime = {
  runtime: "workerd",
  control: inject("mcpControl"),
  seesEventsBetweenTurns: false,
  async open(plan, extraEnv = {}) {
    const worker = createAmplifierWorker({ heartbeatMs: 0, sandboxFetch: loopbackFetch(inject("mcpOrigin")) });
    const id = `mcp-${crypto.randomUUID()}`;
    const stub = env.SESSIONS.get(env.SESSIONS.idFromName(id));
    const object = await runInDurableObject(stub, async (_default, state) => {
      const created = new worker.SessionObject(state, { ...env, ...extraEnv });
      const answer = await created.create(id, plan as Record<string, unknown>);
      if (!answer.ok) throw new Error(answer.error.message);
      return created;
    });
    const events: SeenEvent[] = [];
    const opened: McpTestSession = {
      events,
      turn: (prompt: string, options: TurnOptions = {}) =>
        runInDurableObject(stub, async () => {
          const started = await object.prompt(id, prompt);
          if (!started.ok) return { answer: new Error(started.error.message), events: [] };
          const reader = new EventReader(new Response(started.value, { headers: SSE }));
          const turnEvents: SeenEvent[] = [];
          let answer: string | Error = new Error("the turn's stream ended without a result");
          for (let event = await reader.next(); event !== undefined; event = await reader.next()) {
            const seen = { name: event.event, data: event.data };
            if (seen.name === "result") answer = String(seen.data.response);
            else if (seen.name === "error") answer = new Error(String(seen.data.message));
            else {
              turnEvents.push(seen);
              events.push(seen);
            }
            if (options.cancelWhen?.(seen)) await object.cancel(id);
          }
          return { answer, events: turnEvents };
        }),
      close: () =>
        runInDurableObject(stub, async () => {
          await object.remove(id);
        }),
    };
    return opened;
  },
};

registerMcpSuite(() => workerd);
