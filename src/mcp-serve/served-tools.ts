/**
 * The tools a session serves over MCP: one SDK server per MCP client session, listing the
 * session's mounted tools (or the ones the host names) and running each call through the kernel's
 * tool path, as a built-in loop does: `tool:pre` (deny hooks, hooks-approval), input validation,
 * `execute` with the call's abort signal (the client's cancel notification aborts it), `tool:post`
 * (a redaction hook's rewrite is what the caller gets). A call is not part of a conversation, so
 * context injections that tool hooks ask for are not stored.
 */
// The low-level Server: the tools' schemas are JSON Schema, known only once the session mounts them.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type Tool as McpToolSpec,
} from "@modelcontextprotocol/sdk/types.js";
import { CfWorkerJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/cfworker";
import type { Tool } from "../contracts.ts";
import { InjectionQueue } from "../modules/loop/ephemeral.ts";
import { runToolCall } from "../modules/loop/tool-call.ts";
import type { Session } from "../session.ts";
import { callToolResult } from "./call-tool-result.ts";

/** The name served calls run under where a loop's would be its orchestrator's (hook results are processed as its). */
const SERVED_CALLER = "mcp-endpoint";

/** What a served tool server is built from. */
export interface ServedToolsOptions {
  readonly session: Session;
  /** Names of the tools to serve; default every mounted tool. */
  readonly tools?: readonly string[] | undefined;
  /** The server's name and version in the MCP handshake. */
  readonly serverInfo: { readonly name: string; readonly version: string };
  /** Makes each call's id (`tool_call_id` in the kernel's events). */
  readonly newCallId: () => string;
}

/** The served tools of the session, now: mounted, named by the host if it names them, with an object schema. */
export function servedTools(options: Pick<ServedToolsOptions, "session" | "tools">): Record<string, Tool> {
  const mounted = options.session.coordinator.get("tools");
  const served: Record<string, Tool> = {};
  for (const [name, tool] of Object.entries(mounted)) {
    if (options.tools !== undefined && !options.tools.includes(name)) continue;
    const type = tool.input_schema?.type;
    // MCP takes tools whose input is an object; a kernel tool's input always is one.
    if (type === undefined || type === "object") served[name] = tool;
  }
  return served;
}

function toolSpec(name: string, tool: Tool): McpToolSpec {
  return {
    name,
    description: tool.description,
    inputSchema: { ...tool.input_schema, type: "object" } as McpToolSpec["inputSchema"],
  };
}

/**
 * Builds one SDK server for one MCP client session. Tools are listed from the session as it is at
 * each `tools/list` (a list change in the session is announced by the endpoint).
 *
 * @example
 * const server = createServedToolServer({ session, serverInfo: { name: "my-agent", version: "1.0.0" }, newCallId });
 * await server.connect(transport);
 */
export function createServedToolServer(options: ServedToolsOptions): Server {
  const server = new Server(
    { name: options.serverInfo.name, version: options.serverInfo.version },
    // @cfworker/json-schema, not the default Ajv: it generates no code, so it runs on Workers.
    { capabilities: { tools: { listChanged: true } }, jsonSchemaValidator: new CfWorkerJsonSchemaValidator() },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => {
    await options.session.initialize();
    return { tools: Object.entries(servedTools(options)).map(([name, tool]) => toolSpec(name, tool)) };
  });
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    await options.session.initialize();
    const tools = servedTools(options);
    const { name } = request.params;
    if (!Object.hasOwn(tools, name)) {
      throw new McpError(ErrorCode.InvalidParams, `Tool '${name}' is not served by this endpoint`);
    }
    const id = options.newCallId();
    const outcome = await runToolCall(
      {
        orchestrator: SERVED_CALLER,
        coordinator: options.session.coordinator,
        hooks: options.session.coordinator.hooks,
        tools,
        signal: extra.signal,
        // Ephemeral injections are for a model's next request; a served call has none.
        pending: new InjectionQueue(),
      },
      { id, name, arguments: request.params.arguments ?? {} },
      { parallel_group_id: id, deferred: [], abandoned: false },
    );
    return callToolResult(outcome.result, outcome.content);
  });
  return server;
}
