/**
 * `tool-mcp` in node, through the CLI's host options (the fetch gate, stdio): the shared suite
 * against the SDK server on 127.0.0.1, and what only node shows.
 */
import { afterAll, beforeAll } from "vitest";
import { builtinModules, withToolMcp } from "../../../src/modules/index.ts";
import type { MountPlanInput } from "../../../src/plan/schema.ts";
import { createSession } from "../../../src/session.ts";
import { nodeToolMcpOptions } from "../../../worker/node/mcp-host.ts";
import { loopbackFetch } from "../../fixtures/mcp/loopback.ts";
import { type McpTestServer, startMcpTestServer } from "../../fixtures/mcp/mcp-test-server.ts";
import type { McpRuntime, McpTestSession, SeenEvent, TurnOptions } from "../../suites/mcp/harness.ts";
import { registerMcpSuite } from "../../suites/mcp/mcp.suite.ts";

let server: McpTestServer;
beforeAll(async () => {
  server = await startMcpTestServer();
});
afterAll(async () => {
  await server[Symbol.asyncDispose]();
});

/** Sessions of the kernel in node, with the CLI's tool-mcp host options. */
export function nodeRuntime(origin: () => string, control: () => string): McpRuntime {
  return {
    runtime: "node",
    get control() {
      return control();
    },
    seesEventsBetweenTurns: true,
    async open(plan, env = {}) {
      const session = createSession(plan as MountPlanInput, {
        modules: withToolMcp(builtinModules, nodeToolMcpOptions({ env, fetch: loopbackFetch(origin()) })),
      });
      const events: SeenEvent[] = [];
      let onEvent: ((event: SeenEvent) => void) | undefined;
      session.coordinator.hooks.observe((name, data) => {
        const event = { name, data: structuredClone(data) };
        events.push(event);
        onEvent?.(event);
      });
      await session.initialize();
      const opened: McpTestSession = {
        events,
        async turn(prompt: string, options: TurnOptions = {}) {
          const start = events.length;
          const abort = new AbortController();
          onEvent = (event) => {
            if (options.cancelWhen?.(event)) abort.abort();
          };
          try {
            const answer = await session.execute(prompt, { signal: abort.signal }).catch((error: Error) => error);
            return { answer, events: events.slice(start) };
          } finally {
            onEvent = undefined;
          }
        },
        close: () => session.cleanup(),
      };
      return opened;
    },
  };
}

registerMcpSuite(() =>
  nodeRuntime(
    () => server.origin,
    () => server.control,
  ),
);
