/**
 * A session's tools as an MCP server over Streamable HTTP, in Web-standard terms (a `Request` in, a
 * `Response` out), so every runtime can mount it: a route of the Cloudflare service, a Node server
 * (`amplifier-edge/mcp/node`), or any fetch-style handler. Each MCP client gets its own session (the
 * SDK's stateful transport), so a cancel notification reaches the call it names; sessions are
 * bounded, the oldest closed first. Authentication is the host's: mount the endpoint behind it.
 */
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { ErrorCode } from "@modelcontextprotocol/sdk/types.js";
import { describeError } from "../errors.ts";
import type { Session } from "../session.ts";
import { createServedToolServer, type ServedToolsOptions } from "./served-tools.ts";

/** Options of {@link createMcpEndpoint}. */
export interface McpEndpointOptions {
  /** Names of the tools to serve; default every tool the session mounts. */
  readonly tools?: readonly string[] | undefined;
  /** The server's name in the MCP handshake (default `amplifier-edge`). */
  readonly name?: string | undefined;
  /** The server's version in the MCP handshake (default `0.1.0`). */
  readonly version?: string | undefined;
  /** MCP client sessions kept at once; a new one closes the oldest beyond this (default 16). */
  readonly maxSessions?: number | undefined;
  /** Largest request body in bytes (default 1 MiB); a larger one is answered 413. */
  readonly maxRequestBytes?: number | undefined;
  /** Makes session and call ids (default `crypto.randomUUID`). */
  readonly newId?: (() => string) | undefined;
}

/** The events after which served clients are told that the tool list changed. */
const LIST_CHANGING_EVENTS = ["mcp:tools_changed"];

interface Live {
  readonly server: ReturnType<typeof createServedToolServer>;
  readonly transport: WebStandardStreamableHTTPServerTransport;
}

/** The MCP endpoint of one session. */
export class McpEndpoint implements AsyncDisposable {
  readonly #session: Session;
  readonly #options: McpEndpointOptions;
  readonly #newId: () => string;
  readonly #sessions = new Map<string, Live>();
  readonly #stopWatching: () => void;
  #disposed = false;

  constructor(session: Session, options: McpEndpointOptions = {}) {
    this.#session = session;
    this.#options = options;
    this.#newId = options.newId ?? (() => crypto.randomUUID());
    this.#stopWatching = session.coordinator.hooks.observe(() => this.#announceListChanged(), {
      events: LIST_CHANGING_EVENTS,
    });
  }

  /** MCP client sessions open now. */
  get sessionCount(): number {
    return this.#sessions.size;
  }

  /**
   * Answers one HTTP request of the Streamable HTTP transport (POST, GET or DELETE). Never throws:
   * what is wrong with the request is a JSON-RPC error with its HTTP status.
   */
  async handle(request: Request): Promise<Response> {
    if (this.#disposed) return jsonRpcError(503, "This MCP endpoint was closed.");
    const sessionId = request.headers.get("mcp-session-id");
    try {
      if (sessionId !== null) {
        const live = this.#sessions.get(sessionId);
        // 404 tells the client to start a new session (the spec's answer to an unknown or expired one).
        if (live === undefined) return jsonRpcError(404, "Session not found", -32001);
        return await live.transport.handleRequest(request);
      }
      if (request.method !== "POST") {
        return jsonRpcError(400, "Bad Request: start an MCP session with an initialize POST first");
      }
      return await this.#open(request);
    } catch (error) {
      return jsonRpcError(500, `The MCP endpoint failed: ${describeError(error)}`, ErrorCode.InternalError);
    }
  }

  async #open(request: Request): Promise<Response> {
    const server = createServedToolServer(this.#servedOptions());
    const transport: WebStandardStreamableHTTPServerTransport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: this.#newId,
      onsessioninitialized: (id) => this.#admit(id, { server, transport }),
      onsessionclosed: (id) => void this.#sessions.delete(id),
      maxRequestBodySize: this.#options.maxRequestBytes ?? 1024 * 1024,
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) this.#sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    const response = await transport.handleRequest(request);
    // Anything but a good initialize leaves no session behind.
    if (transport.sessionId === undefined || !this.#sessions.has(transport.sessionId)) await server.close();
    return response;
  }

  #admit(id: string, live: Live): void {
    const limit = Math.max(1, this.#options.maxSessions ?? 16);
    for (const [oldest, evicted] of this.#sessions) {
      if (this.#sessions.size < limit) break;
      this.#sessions.delete(oldest);
      void evicted.server.close().catch(() => undefined);
    }
    this.#sessions.set(id, live);
  }

  #servedOptions(): ServedToolsOptions {
    return {
      session: this.#session,
      tools: this.#options.tools,
      serverInfo: { name: this.#options.name ?? "amplifier-edge", version: this.#options.version ?? "0.1.0" },
      newCallId: () => `mcp-${this.#newId()}`,
    };
  }

  #announceListChanged(): void {
    for (const { server } of this.#sessions.values()) void server.sendToolListChanged().catch(() => undefined);
  }

  /** Closes every MCP client session (their streams end) and stops watching the session. Idempotent. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#stopWatching();
    const open = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.allSettled(open.map(({ server }) => server.close()));
  }
}

function jsonRpcError(status: number, message: string, code: number = ErrorCode.ConnectionClosed): Response {
  return Response.json({ jsonrpc: "2.0", error: { code, message }, id: null }, { status });
}

/**
 * Serves `session`'s mounted tools over MCP's Streamable HTTP transport: hand it each request to
 * the route you mount it on.
 *
 * @example
 * const endpoint = createMcpEndpoint(session, { tools: ["calculator"] });
 * app.all("/mcp", (c) => endpoint.handle(c.req.raw));
 */
export function createMcpEndpoint(session: Session, options: McpEndpointOptions = {}): McpEndpoint {
  return new McpEndpoint(session, options);
}
