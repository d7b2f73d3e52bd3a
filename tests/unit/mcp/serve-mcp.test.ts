/**
 * `amplifier-edge/mcp` in node: a session's tools served by `serveMcp` and used by the official
 * SDK's client over Streamable HTTP on 127.0.0.1. Listed with their schemas, called (a trusted tool
 * and a sandboxed one), every call through the kernel's tool path (approval, deny), cancelled by the
 * client, a list change relayed from an upstream MCP server, sessions bounded, the token and the
 * Host header checked.
 */
import { request as httpRequest } from "node:http";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import type { ApprovalSystem } from "../../../src/approval.ts";
import type { ModuleDefinition, Tool } from "../../../src/contracts.ts";
import { builtinModules, withToolMcp } from "../../../src/modules/index.ts";
import type { MountPlanInput } from "../../../src/plan/schema.ts";
import { createSession, type Session } from "../../../src/session.ts";
import { nodeToolMcpOptions, type ServeMcpOptions, serveMcp } from "../../../worker/node/mcp-entry.ts";
import { createNodeSandboxes } from "../../../worker/node/node-sandbox.ts";
import { loopbackFetch } from "../../fixtures/mcp/loopback.ts";
import { type McpTestServer, startMcpTestServer } from "../../fixtures/mcp/mcp-test-server.ts";
import { RED_DOT_PNG } from "../../fixtures/mcp/mcp-test-tools.ts";
import { MCP_URL } from "../../suites/mcp/harness.ts";

const planDir = fileURLToPath(new URL("../../../examples/plans/", import.meta.url));
const TOKEN = "served-mcp-token-0123456789";

/** A tool that runs until its call is aborted, and says when it started and when it saw the abort. */
function waitingTool() {
  let started!: () => void;
  const startedCall = new Promise<void>((resolve) => {
    started = resolve;
  });
  let aborted!: (reason: unknown) => void;
  const abortedCall = new Promise<unknown>((resolve) => {
    aborted = resolve;
  });
  const tool: Tool = {
    name: "wait",
    description: "Runs until cancelled",
    input_schema: { type: "object", properties: {} },
    execute: (_input, options = {}) =>
      new Promise((resolve) => {
        started();
        options.signal?.addEventListener("abort", () => {
          aborted(options.signal?.reason);
          resolve({ success: false, error: { message: "stopped" } });
        });
      }),
  };
  const module: ModuleDefinition = {
    id: "tool-wait",
    type: "tool",
    mount: (coordinator) => coordinator.mount("tools", tool),
  };
  return { module, startedCall, abortedCall };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function served(plan: object, options: { approval?: ApprovalSystem; extra?: ModuleDefinition[] } = {}) {
  const sandboxes = await createNodeSandboxes();
  const session = createSession(plan as MountPlanInput, {
    modules: { ...builtinModules, ...Object.fromEntries((options.extra ?? []).map((module) => [module.id, module])) },
    sandbox: sandboxes.loader,
    planDir,
    ...(options.approval ? { approval: options.approval } : {}),
  });
  cleanups.push(async () => {
    await session.cleanup();
    await sandboxes[Symbol.asyncDispose]();
  });
  return session;
}

async function listen(session: Session, options: ServeMcpOptions = {}) {
  const server = await serveMcp(session, options);
  cleanups.push(async () => server[Symbol.asyncDispose]());
  return server;
}

async function connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: "served-mcp-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  cleanups.push(() => client.close());
  return client;
}

const PLAN = {
  session: { orchestrator: "loop-basic", context: "context-simple" },
  providers: [{ module: "provider-mock" }],
  tools: [
    { module: "tool-calculator" },
    {
      module: "tool-word-count",
      source: "../modules/tool-word-count/index.js",
      sandbox: { placement: "inline" },
    },
  ],
};

describe("serveMcp (amplifier-edge/mcp/node)", () => {
  it("lists the session's tools with their schemas and calls a trusted and a sandboxed one", async () => {
    const server = await listen(await served(PLAN), { token: TOKEN });
    const client = await connect(server.url, { authorization: `Bearer ${TOKEN}` });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(["calculator", "word_count"]);
    const wordCount = tools.find((tool) => tool.name === "word_count");
    expect(wordCount?.inputSchema).toMatchObject({ type: "object", required: ["text"] });
    expect(await client.callTool({ name: "calculator", arguments: { expression: "6 * 7" } })).toEqual({
      content: [{ type: "text", text: "42" }],
    });
    const counted = await client.callTool({ name: "word_count", arguments: { text: "the quick brown fox" } });
    expect(JSON.parse((counted.content as { text: string }[])[0]?.text ?? "")).toMatchObject({ words: 4 });
    const invalid = await client.callTool({ name: "word_count", arguments: { text: 5 } });
    expect(invalid).toMatchObject({ isError: true, content: [{ type: "text" }] });
    expect((invalid.content as { text: string }[])[0]?.text).toMatch(/^Invalid input for tool 'word_count'/);
  });

  it("serves only the tools the host names", async () => {
    const server = await listen(await served(PLAN), { tools: ["word_count"] });
    const client = await connect(server.url);
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["word_count"]);
    await expect(client.callTool({ name: "calculator", arguments: { expression: "1+1" } })).rejects.toThrow(
      /not served by this endpoint/,
    );
  });

  it("runs each call through the kernel's tool path: tool:pre and hooks-approval ask, and a denial is an isError", async () => {
    const asked: { prompt: string; source: string | undefined }[] = [];
    const approval: ApprovalSystem = {
      async request_approval(prompt, _options, _timeout, _default, asker) {
        asked.push({ prompt, source: asker?.source });
        return "Deny";
      },
    };
    const plan = { ...PLAN, hooks: [{ module: "hooks-approval", config: { tools: ["calculator"] } }] };
    const session = await served(plan, { approval });
    const pre: Record<string, unknown>[] = [];
    session.coordinator.hooks.observe((_name, data) => void pre.push(data), { events: ["tool:pre"] });
    const client = await connect((await listen(session)).url);
    const denied = await client.callTool({ name: "calculator", arguments: { expression: "1 + 1" } });
    expect(denied).toMatchObject({ isError: true });
    expect((denied.content as { text: string }[])[0]?.text).toMatch(/^Denied by hook/);
    expect(asked).toEqual([{ prompt: expect.stringContaining("calculator"), source: "hooks-approval" }]);
    // The session's observers see the served call, its id marking where it came from.
    expect(pre).toEqual([
      expect.objectContaining({ tool_name: "calculator", tool_call_id: expect.stringMatching(/^mcp-/) }),
    ]);
  });

  it("answers what tool:post hooks leave: hooks-redaction's mask, not the tool's own text", async () => {
    const tool: Tool = {
      name: "echo",
      description: "Echoes its text",
      input_schema: { type: "object", properties: { text: { type: "string" } } },
      execute: async (input) => ({ output: String(input.text) }),
    };
    const echo: ModuleDefinition = {
      id: "tool-echo",
      type: "tool",
      mount: (coordinator) => coordinator.mount("tools", tool),
    };
    const plan = {
      ...PLAN,
      tools: [{ module: "tool-echo" }],
      hooks: [{ module: "hooks-redaction", config: { literals: ["sk-live-0123456789"] } }],
    };
    const client = await connect((await listen(await served(plan, { extra: [echo] }))).url);
    const answer = await client.callTool({ name: "echo", arguments: { text: "my key is sk-live-0123456789" } });
    const text = (answer.content as { text: string }[])[0]?.text ?? "";
    expect(text).toMatch(/^my key is /);
    expect(text).not.toContain("sk-live-0123456789");
  });

  it("aborts the tool's call when the client cancels it (the MCP cancel notification)", async () => {
    const waiting = waitingTool();
    const plan = { ...PLAN, tools: [{ module: "tool-wait" }] };
    const server = await listen(await served(plan, { extra: [waiting.module] }));
    const client = await connect(server.url);
    const stop = new AbortController();
    const call = client.callTool({ name: "wait", arguments: {} }, undefined, { signal: stop.signal });
    await waiting.startedCall;
    stop.abort(new Error("the caller changed its mind"));
    await expect(call).rejects.toThrow(/changed its mind/);
    // Resolves only when the kernel's call saw its signal abort.
    await expect(waiting.abortedCall).resolves.toBeDefined();
  });

  it("relays an upstream MCP server's tools: its answers whole, and its tool list change to its own clients", async () => {
    const upstream: McpTestServer = await startMcpTestServer();
    cleanups.push(async () => upstream[Symbol.asyncDispose]());
    const plan = {
      ...PLAN,
      tools: [{ module: "tool-mcp", config: { servers: [{ name: "up", url: MCP_URL }] } }],
    };
    const host = nodeToolMcpOptions({ env: {}, fetch: loopbackFetch(upstream.origin), stderr: "ignore" });
    const session = createSession(plan as MountPlanInput, { modules: withToolMcp(builtinModules, host) });
    cleanups.push(() => session.cleanup());
    const server = await listen(session);
    const client = await connect(server.url);
    const changed = new Promise<void>((resolve) =>
      client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()),
    );
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain("up_add");
    // What the upstream answers comes through whole: an isError, and image and resource blocks.
    expect(await client.callTool({ name: "up_fail", arguments: {} })).toEqual({
      isError: true,
      content: [{ type: "text", text: "the fail tool always fails" }],
    });
    expect(await client.callTool({ name: "up_picture", arguments: {} })).toEqual({
      content: [
        { type: "text", text: "a red dot" },
        { type: "image", data: RED_DOT_PNG, mimeType: "image/png" },
        { type: "resource", resource: { uri: "test://note", mimeType: "text/plain", text: "a note" } },
      ],
    });
    // The relayed call makes the upstream server add a tool: tool-mcp mounts it, and our client hears of it.
    expect(await client.callTool({ name: "up_add_tool_now", arguments: { name: "relayed" } })).toEqual({
      content: [{ type: "text", text: "added relayed" }],
    });
    await changed;
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain("up_relayed");
    expect(await client.callTool({ name: "up_relayed", arguments: {} })).toEqual({
      content: [{ type: "text", text: "relayed ran" }],
    });
  });

  it("keeps at most maxSessions client sessions: the oldest is closed, and its next request is told so", async () => {
    const server = await listen(await served(PLAN), { maxSessions: 1 });
    const first = await connect(server.url);
    await connect(server.url);
    expect(server.endpoint.sessionCount).toBe(1);
    await expect(first.listTools()).rejects.toThrow(/404|Session not found/);
  });

  it("refuses a request without the token, and one whose Host header is not the loopback address", async () => {
    const server = await listen(await served(PLAN), { token: TOKEN });
    const initialize = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
    };
    const post = (headers: Record<string, string>) => rawPost(server.url, JSON.stringify(initialize), headers);
    expect((await post({})).status).toBe(401);
    const rebound = await post({ authorization: `Bearer ${TOKEN}`, host: "evil.example.com" });
    expect(rebound.status).toBe(403);
    expect((await post({ authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });
});

/** A POST through node:http, whose Host header the test may set (fetch does not let it). */
function rawPost(url: string, body: string, headers: Record<string, string>): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(
      url,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...headers,
        },
      },
      (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0 });
      },
    );
    sent.on("error", reject);
    sent.end(body);
  });
}
