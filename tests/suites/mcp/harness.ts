/**
 * What each runtime gives the MCP suite: sessions opened through that runtime's own host (the
 * kernel in node, the web worker host in Chromium, the Cloudflare service's session object in
 * workerd), whose `tool-mcp` reaches the test server through the host's fetch gate.
 */
import { MCP_TEST_HOST } from "../../fixtures/mcp/loopback.ts";

/** An event as the runtime reported it. */
export interface SeenEvent {
  readonly name: string;
  readonly data: Record<string, unknown>;
}

/** What one turn produced. */
export interface TurnOutcome {
  /** The answer, or the error the turn ended with. */
  readonly answer: string | Error;
  readonly events: readonly SeenEvent[];
}

/** Options of {@link McpTestSession.turn}. */
export interface TurnOptions {
  /** Cancels the turn (immediately) at the first event that matches. */
  readonly cancelWhen?: (event: SeenEvent) => boolean;
}

/** A session of the runtime under test. */
export interface McpTestSession {
  turn(prompt: string, options?: TurnOptions): Promise<TurnOutcome>;
  /** Every event seen so far, turns included (between turns too, where the runtime reports them). */
  readonly events: readonly SeenEvent[];
  close(): Promise<void>;
}

/** A runtime under test. */
export interface McpRuntime {
  readonly runtime: "node" | "chromium" | "workerd";
  /** `http://127.0.0.1:<port>` of the test server's control API. */
  readonly control: string;
  /** Whether events between turns reach the test (the HTTP service streams only a turn's). */
  readonly seesEventsBetweenTurns: boolean;
  /** Opens a session; its modules are mounted (for the service: on the first turn). */
  open(plan: object, env?: Record<string, string>): Promise<McpTestSession>;
}

/** The test server's Streamable HTTP endpoint, as plans name it. */
export const MCP_URL = `https://${MCP_TEST_HOST}/mcp`;

/** A plan whose scripted model makes `script`'s calls to the test server's tools (prefixed `test_`). */
export function mcpPlan(script: readonly unknown[], server: Record<string, unknown> = {}, extra: object = {}): object {
  return {
    session: { orchestrator: "loop-basic", context: "context-simple" },
    providers: [{ module: "provider-mock", config: { script, when_exhausted: "error" } }],
    tools: [
      {
        module: "tool-mcp",
        config: {
          servers: [{ name: "test", url: MCP_URL, ...server }],
          reconnect: { initial_delay_ms: 0, max_attempts: 3 },
        },
      },
    ],
    ...extra,
  };
}

/** A script step that calls one tool. */
export function callStep(name: string, input: Record<string, unknown> = {}, id = `call_${name}`): object {
  return { tool_calls: [{ id, name, arguments: input }] };
}

/** Reads the test server's control API. */
export async function control(runtime: McpRuntime, path: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${runtime.control}${path}`, { method: "POST" });
  if (!response.ok) throw new Error(`control ${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** The `tool:post` result of the call `id` in `events`. */
export function resultOf(events: readonly SeenEvent[], id: string): Record<string, unknown> | undefined {
  const post = events.find((event) => event.name === "tool:post" && event.data.tool_call_id === id);
  return post?.data.result as Record<string, unknown> | undefined;
}
