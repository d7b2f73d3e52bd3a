/// <reference path="../../fixtures/mcp/provided-context.d.ts" />
/**
 * The Cloudflare service's MCP route in workerd: a session's tools, a sandboxed one included,
 * listed and called by the official SDK's client through `/v1/sessions/:id/mcp` (the Worker, its
 * bearer token and the session's Durable Object); and, in a session object whose `tool-mcp`
 * reaches the test server on 127.0.0.1, an upstream server's tools relayed, a cancel carried
 * through to the upstream server, and its tool list change announced to the client.
 */
import { createExecutionContext, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, inject, it, vi } from "vitest";
import { unwrap } from "../../../src/errors.ts";
import worker, { createAmplifierWorker } from "../../../worker/cloudflare/index.ts";
import { loopbackFetch } from "../../fixtures/mcp/loopback.ts";
import { MCP_URL } from "../../suites/mcp/harness.ts";
import { createSession, mockPlan, TOKEN, testEnv } from "../service/client.ts";
import { SHOUT_FILES } from "../service/fixtures.ts";

// Each session object mounts its modules (and connects upstream) on the first MCP request; a busy machine makes that slow.
vi.setConfig({ testTimeout: 60_000 });

/** The Worker's fetch handler as the SDK client's fetch. */
const serviceFetch: FetchLike = (url, init) =>
  worker.fetch(new Request(url, init), testEnv(), createExecutionContext());

async function connect(url: string, fetch: FetchLike): Promise<Client> {
  const client = new Client({ name: "workerd-test", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    fetch,
    requestInit: { headers: { authorization: `Bearer ${TOKEN}` } },
  });
  await client.connect(transport);
  return client;
}

async function control(path: string): Promise<Record<string, number>> {
  const response = await fetch(`${inject("mcpControl")}${path}`, { method: "POST" });
  return (await response.json()) as Record<string, number>;
}

describe("the service's MCP route", () => {
  it("serves a session's tools, the sandboxed one included, to the SDK's client", async () => {
    const plan = mockPlan(undefined, {
      tools: [
        { module: "tool-calculator" },
        { module: "tool-shout", source: { files: SHOUT_FILES, entry: "index.js" } },
      ],
    });
    const sessionId = await createSession(plan);
    const client = await connect(`http://service.test/v1/sessions/${sessionId}/mcp`, serviceFetch);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual(["calculator", "shout"]);
      expect(tools.find((tool) => tool.name === "shout")?.inputSchema).toMatchObject({ required: ["text"] });
      expect(await client.callTool({ name: "shout", arguments: { text: "hello" } })).toEqual({
        content: [{ type: "text", text: "HELLO!" }],
      });
      expect(await client.callTool({ name: "calculator", arguments: { expression: "6 * 7" } })).toEqual({
        content: [{ type: "text", text: "42" }],
      });
      const invalid = await client.callTool({ name: "shout", arguments: {} });
      expect(invalid).toMatchObject({ isError: true });
    } finally {
      await client.close();
    }
  });

  it("is behind the service's token, and answers 404 for a session that does not exist", async () => {
    const sessionId = await createSession();
    const initialize = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
    });
    const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
    const post = (path: string, extra: Record<string, string> = {}) =>
      worker.fetch(
        new Request(`http://service.test${path}`, {
          method: "POST",
          body: initialize,
          headers: { ...headers, ...extra },
        }),
        testEnv(),
        createExecutionContext(),
      );
    expect((await post(`/v1/sessions/${sessionId}/mcp`)).status).toBe(401);
    const unknown = await post("/v1/sessions/0123456789abcdef0123456789abcdef/mcp", {
      authorization: `Bearer ${TOKEN}`,
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "session_not_found" } });
  });

  it("relays an upstream MCP server's tools: a cancel reaches the upstream server, and a list change the client", async () => {
    const service = createAmplifierWorker({ heartbeatMs: 0, sandboxFetch: loopbackFetch(inject("mcpOrigin")) });
    const plan = mockPlan(undefined, {
      tools: [
        {
          module: "tool-mcp",
          config: { servers: [{ name: "up", url: MCP_URL }], reconnect: { initial_delay_ms: 0, max_attempts: 3 } },
        },
      ],
    });
    const id = `mcp-serve-${crypto.randomUUID()}`;
    const stub = env.SESSIONS.get(env.SESSIONS.idFromName(id));
    const before = await control("/state");
    const late = `relayed_${Math.floor(Math.random() * 1e6)}`;
    await runInDurableObject(stub, async (_default, state) => {
      const object = new service.SessionObject(state, env);
      unwrap(await object.create(id, plan));
      const objectFetch: FetchLike = async (url, init) => unwrap(await object.mcp(id, new Request(url, init)));
      const client = await connect(`http://service.test/v1/sessions/${id}/mcp`, objectFetch);
      try {
        expect((await client.listTools()).tools.map((tool) => tool.name)).toContain("up_wait_for_cancel");
        const stop = new AbortController();
        const call = client.callTool({ name: "up_wait_for_cancel", arguments: {} }, undefined, { signal: stop.signal });
        // Long polls on the upstream server's control API: it has started the call, then seen the cancel.
        await control(`/started?count=${Number(before.started) + 1}`);
        stop.abort(new Error("cancelled by the test"));
        await expect(call).rejects.toThrow(/cancelled by the test/);
        expect((await control(`/cancelled?count=${Number(before.cancelled) + 1}`)).cancelled).toBeGreaterThan(
          Number(before.cancelled),
        );

        const changed = new Promise<void>((resolve) =>
          client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()),
        );
        await client.callTool({ name: "up_add_tool_now", arguments: { name: late } });
        await changed;
        expect((await client.listTools()).tools.map((tool) => tool.name)).toContain(`up_${late}`);
      } finally {
        await client.close();
        unwrap(await object.remove(id));
      }
    });
  });
});
