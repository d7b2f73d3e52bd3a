/**
 * A session's MCP endpoint on a Node HTTP server: the Web-standard endpoint of
 * `amplifier-edge/mcp` behind `@hono/node-server`'s request adapter, on 127.0.0.1 unless told
 * otherwise, with an optional bearer token. On a loopback address a request must name that address
 * in its `Host` header, so a web page cannot reach the server by rebinding its own DNS name to it.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { createMcpEndpoint, type McpEndpoint, type McpEndpointOptions } from "../../src/mcp-serve/index.ts";
import type { Session } from "../../src/session.ts";

/** Options of {@link serveMcp}. */
export interface ServeMcpOptions extends McpEndpointOptions {
  /** Port to listen on (default 0: any free port; read it from `url`). */
  readonly port?: number | undefined;
  /** Address to listen on (default `127.0.0.1`). */
  readonly hostname?: string | undefined;
  /** Path of the endpoint (default `/mcp`). */
  readonly path?: string | undefined;
  /** When set, every request must carry `Authorization: Bearer <token>` (401 otherwise). */
  readonly token?: string | undefined;
}

/** A running MCP server; disposing it closes the MCP sessions, then the HTTP server. */
export interface ServedMcp extends AsyncDisposable {
  /** The endpoint's URL (`http://127.0.0.1:<port>/mcp`). */
  readonly url: string;
  readonly endpoint: McpEndpoint;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

/**
 * Serves `session`'s tools over MCP's Streamable HTTP transport from this process.
 *
 * @throws Error when the address cannot be listened on (in use, not permitted).
 * @example
 * await using served = await serveMcp(session, { port: 3001, token: process.env.MCP_TOKEN });
 * console.log(`MCP endpoint: ${served.url}`);
 */
export async function serveMcp(session: Session, options: ServeMcpOptions = {}): Promise<ServedMcp> {
  const hostname = options.hostname ?? "127.0.0.1";
  const path = options.path ?? "/mcp";
  const endpoint = createMcpEndpoint(session, options);
  const sockets = new Set<Socket>();
  let allowedHosts: ReadonlySet<string> = new Set();
  const listener = getRequestListener(async (request) => {
    const url = new URL(request.url);
    if (url.pathname !== path) return plainError(404, `No MCP endpoint at ${url.pathname}; it is at ${path}.`);
    if (LOOPBACK.has(hostname) && !allowedHosts.has(request.headers.get("host") ?? "")) {
      return plainError(403, "The Host header must name the loopback address this server listens on.");
    }
    if (options.token !== undefined && !hasToken(request, options.token)) {
      return plainError(401, "Send Authorization: Bearer <token>.", { "www-authenticate": "Bearer" });
    }
    return endpoint.handle(request);
  });
  const server = createServer((incoming, outgoing) => void listener(incoming, outgoing));
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, hostname, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  const shown = hostname.includes(":") ? `[${hostname}]` : hostname;
  return {
    url: `http://${shown}:${port}${path}`,
    endpoint,
    async [Symbol.asyncDispose]() {
      await endpoint[Symbol.asyncDispose]();
      // Open event streams would hold close() forever.
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function hasToken(request: Request, token: string): boolean {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  // Digests first: equal lengths for timingSafeEqual, and no timing that depends on the token's length.
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return match !== null && timingSafeEqual(digest(match[1] ?? ""), digest(token));
}

function plainError(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8", ...headers } });
}
