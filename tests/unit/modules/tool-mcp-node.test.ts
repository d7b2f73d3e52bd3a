/**
 * `tool-mcp` in node, what the shared suite does not cover: a stdio server (the example the CLI
 * runs), the legacy SSE fallback, a bearer token injected by the host and scrubbed, approval
 * through hooks-approval (and denial without it), reconnect backoff on an injected scheduler, and
 * config errors that name their path.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApprovalSystem } from "../../../src/approval.ts";
import { KernelError } from "../../../src/errors.ts";
import { builtinModules, createToolMcp, withToolMcp } from "../../../src/modules/index.ts";
import { backoffDelay, type Scheduler } from "../../../src/modules/tool-mcp/backoff.ts";
import type { MountPlanInput } from "../../../src/plan/schema.ts";
import { createSession } from "../../../src/session.ts";
import { nodeToolMcpOptions } from "../../../worker/node/mcp-host.ts";
import { loopbackFetch, MCP_TEST_HOST } from "../../fixtures/mcp/loopback.ts";
import { type McpTestServer, startMcpTestServer } from "../../fixtures/mcp/mcp-test-server.ts";
import { callStep, MCP_URL, mcpPlan, resultOf, type SeenEvent } from "../../suites/mcp/harness.ts";

const TOKEN = "mcp-token-0123456789abcdef";
let server: McpTestServer;
let guarded: McpTestServer;
beforeAll(async () => {
  [server, guarded] = await Promise.all([startMcpTestServer(), startMcpTestServer({ token: TOKEN })]);
});
afterAll(async () => {
  await Promise.all([server[Symbol.asyncDispose](), guarded[Symbol.asyncDispose]()]);
});

interface Options {
  readonly env?: Record<string, string>;
  readonly origin?: string;
  readonly approval?: ApprovalSystem;
  readonly scheduler?: Scheduler;
  readonly fetch?: (url: string, init: RequestInit) => Promise<Response>;
}

/** A node session with the CLI's tool-mcp options, its events recorded. */
async function open(plan: object, options: Options = {}) {
  const host = nodeToolMcpOptions({
    env: options.env ?? {},
    fetch: options.fetch ?? loopbackFetch(options.origin ?? server.origin),
    planDir: fileURLToPath(new URL("../../../examples/plans/", import.meta.url)),
    stderr: "ignore",
  });
  const session = createSession(plan as MountPlanInput, {
    modules: withToolMcp(builtinModules, { ...host, ...(options.scheduler ? { scheduler: options.scheduler } : {}) }),
    ...(options.approval ? { approval: options.approval } : {}),
  });
  const events: SeenEvent[] = [];
  const waiters: { match: (event: SeenEvent) => boolean; resolve: (event: SeenEvent) => void }[] = [];
  session.coordinator.hooks.observe((name, data) => {
    const event = { name, data: structuredClone(data) };
    events.push(event);
    for (const waiter of waiters.filter((candidate) => candidate.match(event))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(event);
    }
  });
  await session.initialize();
  /** Resolves at the next event that matches (or the first one already seen from `from` on). */
  const next = (match: (event: SeenEvent) => boolean, from = 0) => {
    const seen = events.slice(from).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise<SeenEvent>((resolve) => waiters.push({ match, resolve }));
  };
  return { session, events, next };
}

/** A scheduler the test runs by hand: nothing happens until `runNext()`. */
function manualScheduler() {
  const queue: { delay: number; task: () => void; cancelled: boolean }[] = [];
  const scheduler: Scheduler = {
    schedule(delay, task) {
      const entry = { delay, task, cancelled: false };
      queue.push(entry);
      return () => {
        entry.cancelled = true;
      };
    },
  };
  return {
    scheduler,
    delays: () => queue.map((entry) => entry.delay),
    runNext() {
      const entry = queue.find((candidate) => !candidate.cancelled);
      if (!entry) throw new Error("nothing is scheduled");
      entry.cancelled = true;
      entry.task();
    },
  };
}

describe("tool-mcp in node", () => {
  it("runs a stdio server (the CLI's example) as a child process and calls its tools", async () => {
    const plan = mcpPlan([callStep("text_count_words", { text: "one two three" }), { text: "Three." }]) as {
      tools: { config: { servers: unknown[] } }[];
    };
    plan.tools[0]!.config.servers = [{ name: "text", command: "node", args: ["../mcp-servers/text-tools.mjs"] }];
    const { session, events } = await open(plan);
    try {
      expect(events.find((event) => event.name === "mcp:connected")?.data).toMatchObject({
        transport: "stdio",
        tools: ["text_count_words", "text_shout"],
      });
      expect(await session.execute("Count.")).toBe("Three.");
      expect(resultOf(events, "call_text_count_words")).toMatchObject({ success: true, output: "3 words" });
    } finally {
      await session.cleanup();
    }
  });

  it("falls back to the legacy HTTP+SSE transport when the server refuses Streamable HTTP", async () => {
    const url = `https://${MCP_TEST_HOST}/legacy/sse`;
    const { session, events } = await open(mcpPlan([callStep("test_add", { a: 20, b: 22 }), { text: "42" }], { url }));
    try {
      expect(events.find((event) => event.name === "mcp:connected")?.data).toMatchObject({ transport: "sse" });
      expect(await session.execute("20 + 22?")).toBe("42");
      expect(resultOf(events, "call_test_add")).toMatchObject({ success: true, output: "42" });
    } finally {
      await session.cleanup();
    }
  });

  it("sends bearer_secret as the host's credential, and scrubs it from what the server echoes", async () => {
    const plan = mcpPlan([callStep("test_whoami"), { text: "Done." }], { bearer_secret: "MCP_TOKEN" });
    const { session, events } = await open(plan, { env: { MCP_TOKEN: TOKEN }, origin: guarded.origin });
    try {
      expect(await session.execute("Who am I?")).toBe("Done.");
      expect(resultOf(events, "call_test_whoami")).toMatchObject({ output: "authorization: [redacted]" });
      expect(JSON.stringify(events)).not.toContain(TOKEN);
    } finally {
      await session.cleanup();
    }
    const missing = await open(mcpPlan([{ text: "No tools." }], { bearer_secret: "MCP_TOKEN" }), {
      origin: guarded.origin,
    });
    const failed = missing.events.find((event) => event.name === "module:load_failed");
    expect(String(failed?.data.error)).toContain('the credential "MCP_TOKEN" for mcp.test.example is not configured');
    await missing.session.cleanup();
  });

  it("asks before the tools the plan marks for approval, through hooks-approval; without it, denies them", async () => {
    const asked: string[] = [];
    const approval: ApprovalSystem = {
      async request_approval(prompt) {
        asked.push(prompt);
        return "Deny";
      },
    };
    const hooks = { hooks: [{ module: "hooks-approval", config: { tools: [] } }] };
    const script = [callStep("test_add", { a: 1, b: 2 }), callStep("test_fail"), { text: "Done." }];
    const withHook = await open(mcpPlan(script, { approval: ["add"] }, hooks), { approval });
    try {
      expect(await withHook.session.execute("Go.")).toBe("Done.");
      expect(asked).toEqual([expect.stringContaining('"test_add"')]);
      expect(resultOf(withHook.events, "call_test_add")).toBeUndefined();
      expect(resultOf(withHook.events, "call_test_fail")).toMatchObject({ success: false });
    } finally {
      await withHook.session.cleanup();
    }
    const without = await open(mcpPlan(script, { approval: "always" }));
    try {
      expect(await without.session.execute("Go.")).toBe("Done.");
      const messages = await without.session.coordinator.get("context")!.get_messages();
      const denied = messages.filter((message) => message.role === "tool").map((message) => String(message.content));
      expect(denied).toEqual([
        expect.stringContaining("the plan mounts no hooks-approval to ask"),
        expect.stringContaining("the plan mounts no hooks-approval to ask"),
      ]);
    } finally {
      await without.session.cleanup();
    }
  });

  it("retries a lost connection with backoff on the injected scheduler, gives up, and a later call reconnects", async () => {
    let online = true;
    const toServer = loopbackFetch(server.origin);
    const fetch = (url: string, init: RequestInit) =>
      online ? toServer(url, init) : Promise.reject(new TypeError("network is down"));
    const clock = manualScheduler();
    const plan = mcpPlan([callStep("test_add", { a: 3, b: 4 }), { text: "7" }]) as {
      tools: { config: Record<string, unknown> }[];
    };
    plan.tools[0]!.config.reconnect = { initial_delay_ms: 100, factor: 3, max_delay_ms: 500, max_attempts: 3 };
    const { session, events, next } = await open(plan, { fetch, scheduler: clock.scheduler });
    try {
      online = false;
      await server.restart();
      await next((event) => event.name === "mcp:reconnecting");
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        const from = events.length;
        clock.runNext();
        await next((event) => event.name === "mcp:error", from);
      }
      expect(clock.delays()).toEqual([100, 300, 500]);
      expect(events.filter((event) => event.name === "mcp:error").at(-1)?.data).toMatchObject({
        error: "gave up reconnecting after 3 attempts",
      });
      online = true;
      expect(await session.execute("3 + 4?")).toBe("7");
      expect(resultOf(events, "call_test_add")).toMatchObject({ success: true, output: "7" });
      expect(events.some((event) => event.name === "mcp:connected" && event.data.reconnected === true)).toBe(true);
    } finally {
      await session.cleanup();
    }
  });

  it("names the path of a bad config, and refuses a server this host cannot reach", async () => {
    const bad = await open({
      ...mcpPlan([{ text: "x" }]),
      tools: [{ module: "tool-mcp", config: { servers: [{ name: "a b", url: "ftp://x" }] } }],
    });
    const failed = bad.events.find((event) => event.name === "module:load_failed");
    expect(failed?.data).toMatchObject({ reason_code: "invalid_config" });
    expect(String(failed?.data.error)).toContain("config.servers[0]");
    await bad.session.cleanup();

    const hostless = createSession(mcpPlan([{ text: "x" }]) as MountPlanInput, {
      modules: { ...builtinModules, "tool-mcp": createToolMcp({ runtime: "nowhere" }) },
    });
    await hostless.initialize();
    expect(hostless.status().failedModules[0]?.error).toContain("this host gave tool-mcp no network");
    await hostless.cleanup();
  });

  it("computes backoff delays from the policy, capped, and gives up after max_attempts", () => {
    const policy = { initial_delay_ms: 500, factor: 2, max_delay_ms: 3000, max_attempts: 5 };
    expect([0, 1, 2, 3, 4, 5].map((attempt) => backoffDelay(policy, attempt))).toEqual([
      500,
      1000,
      2000,
      3000,
      3000,
      undefined,
    ]);
    expect(KernelError.is(new KernelError("invalid_config", "x"), "invalid_config")).toBe(true);
    expect(MCP_URL).toBe("https://mcp.test.example/mcp");
  });
});
