/**
 * `tool-mcp` in Chromium, through the web worker host: the shared suite against the SDK's server
 * on 127.0.0.1, every request of the MCP client going through the host's fetch gate.
 */
import { inject, vi } from "vitest";
import type { MountPlanInput } from "../../../src/plan/schema.ts";
import { connectWorker, type WebEvent } from "../../../worker/web/index.ts";
import type { McpRuntime, McpTestSession, SeenEvent, TurnOptions } from "../../suites/mcp/harness.ts";
import { registerMcpSuite } from "../../suites/mcp/mcp.suite.ts";

// The host worker (kernel, sandbox gate and MCP client) is compiled on first use, which takes a while on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

const seen = (event: WebEvent): SeenEvent => ({ name: event.name, data: event.data as Record<string, unknown> });

const chromium: McpRuntime = {
  runtime: "chromium",
  control: inject("mcpControl"),
  seesEventsBetweenTurns: true,
  async open(plan, env = {}) {
    const worker = new Worker(new URL("./mcp-host-worker.ts", import.meta.url), {
      type: "module",
      name: `${crypto.randomUUID()}|${inject("mcpOrigin")}`,
    });
    const client = await connectWorker(worker);
    const events: SeenEvent[] = [];
    const session = await client.createSession(plan as MountPlanInput, {
      env,
      onEvent: (event) => events.push(seen(event)),
    });
    const opened: McpTestSession = {
      events,
      async turn(prompt: string, options: TurnOptions = {}) {
        const turnEvents: SeenEvent[] = [];
        const abort = new AbortController();
        const answer = await session
          .execute(prompt, {
            signal: abort.signal,
            onEvent: (event) => {
              turnEvents.push(seen(event));
              if (options.cancelWhen?.(seen(event))) abort.abort();
            },
          })
          .catch((error: Error) => error);
        return { answer, events: turnEvents };
      },
      async close() {
        await session.close();
        await client.dispose();
      },
    };
    return opened;
  },
};

registerMcpSuite(() => chromium);
