/**
 * Opens one MCP client session with the official SDK: Streamable HTTP, falling back to the legacy
 * SSE transport when the server refuses the first (`transport: auto`), or stdio where the host
 * offers it. The fetch comes from the host (the plan's grant for this server); the SDK's own
 * stream reconnection is off, because a lost connection is the server link's to retry on its
 * injected scheduler; JSON Schemas are checked with @cfworker/json-schema (no code generation,
 * so it runs on Workers).
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport, StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { FetchLike, Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { CfWorkerJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/cfworker";
import type { Coordinator } from "../../contracts.ts";
import { KernelError } from "../../errors.ts";
import { isHttpServer, type McpHttpServerConfig, type McpServerConfig } from "./config.ts";
import type { McpNetworkGrant, ToolMcpOptions } from "./host-seam.ts";

/** The transport a client ended up on. */
export type McpTransportKind = "streamable-http" | "sse" | "stdio";

/** An open client session. */
export interface OpenClient {
  readonly client: Client;
  readonly kind: McpTransportKind;
  /**
   * Resolves once the server's own event stream (Streamable HTTP's GET), if one was asked for, has
   * answered: from then on the server can reach the client (a list change is not lost).
   */
  serverStream(): Promise<void>;
  /** Ends the session on the server too (Streamable HTTP's DELETE), then closes the client. */
  close(): Promise<void>;
}

/** Who opens the client, and what it hears about the connection. */
export interface OpenClientContext {
  readonly options: ToolMcpOptions;
  readonly coordinator: Coordinator;
  readonly moduleId: string;
  /** Where the server is in the plan (`config.servers[0]`). */
  readonly where: string;
  /** The server's event stream (Streamable HTTP's GET stream) ended or broke. */
  readonly onStreamEnded: () => void;
}

const CLIENT_INFO = { name: "amplifier-edge", version: "0.1.0" };

/**
 * Connects to `server` (initialize handshake included).
 *
 * @throws KernelError `invalid_config` (stdio where the host has none, no network), `capability_denied`
 *   (the grant refuses the URL), or the SDK's error when the server cannot be reached.
 */
export async function openClient(server: McpServerConfig, context: OpenClientContext): Promise<OpenClient> {
  if (!isHttpServer(server)) {
    const stdio = context.options.stdio;
    if (!stdio) {
      throw new KernelError(
        "invalid_config",
        `tool-mcp: ${context.where} ("${server.name}") starts a local process (command), which only the Node host can do; ${context.options.runtime ?? "this runtime"} cannot. Give the server a url instead.`,
        { data: { server: server.name } },
      );
    }
    return opened(await connect(stdio(server), server), "stdio");
  }
  const fetch = networkFor(server, context);
  if (server.transport === "sse") return opened(await connect(sseTransport(server, fetch, context), server), "sse");
  const watch = new StreamWatch(context.onStreamEnded);
  try {
    const client = await connect(streamableTransport(server, watch.fetch(fetch), context), server);
    return opened(client, "streamable-http", () => watch.answered());
  } catch (error) {
    // A server that answers the Streamable HTTP POST with 4xx may speak the older HTTP+SSE transport.
    if (server.transport === "streamable-http" || !isRefusedByServer(error)) throw error;
    return opened(await connect(sseTransport(server, fetch, context), server), "sse");
  }
}

function opened(client: Client, kind: McpTransportKind, serverStream = () => Promise.resolve()): OpenClient {
  return {
    client,
    kind,
    serverStream,
    async close() {
      const transport = client.transport;
      if (transport instanceof StreamableHTTPClientTransport) await transport.terminateSession().catch(() => undefined);
      await client.close().catch(() => undefined);
    },
  };
}

function isRefusedByServer(error: unknown): boolean {
  return error instanceof StreamableHTTPError && error.code !== undefined && error.code >= 400 && error.code < 500;
}

async function connect(transport: Transport, server: McpServerConfig): Promise<Client> {
  const client = new Client(CLIENT_INFO, { capabilities: {}, jsonSchemaValidator: new CfWorkerJsonSchemaValidator() });
  try {
    await client.connect(transport, { timeout: server.timeout_ms });
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  return client;
}

/** The grant of an HTTP server: its own https host and port, and what its `permissions` add. */
export function networkGrant(server: McpHttpServerConfig): McpNetworkGrant {
  const url = new URL(server.url);
  const own =
    url.protocol === "https:" && /[a-z]/i.test(url.hostname) && !url.hostname.startsWith("[") ? url.host : undefined;
  const secrets = [...server.permissions.secrets];
  if (server.bearer_secret !== undefined && own !== undefined) {
    secrets.push({ host: own, header: "authorization", secret: server.bearer_secret, format: "Bearer {secret}" });
  }
  return { fetch: own === undefined ? server.permissions.fetch : [own, ...server.permissions.fetch], secrets };
}

function networkFor(server: McpHttpServerConfig, context: OpenClientContext): FetchLike {
  const network = context.options.network;
  if (!network) {
    throw new KernelError(
      "invalid_config",
      `tool-mcp: ${context.where} ("${server.name}"): this host gave tool-mcp no network; use the web, Cloudflare or Node host, or createToolMcp({ network })`,
      { data: { server: server.name } },
    );
  }
  if (server.bearer_secret !== undefined && !networkGrant(server).fetch.includes(new URL(server.url).host)) {
    throw new KernelError(
      "invalid_config",
      `tool-mcp: ${context.where}.bearer_secret: a credential is only sent over https to a named host, and ${server.url} is not one`,
    );
  }
  return network({
    server,
    grant: networkGrant(server),
    where: `${context.where}.permissions`,
    moduleId: context.moduleId,
    coordinator: context.coordinator,
  });
}

function streamableTransport(server: McpHttpServerConfig, fetch: FetchLike, context: OpenClientContext): Transport {
  const authProvider = context.options.oauth?.(server);
  return new StreamableHTTPClientTransport(new URL(server.url), {
    fetch,
    requestInit: { headers: server.headers },
    ...(authProvider ? { authProvider } : {}),
    // The link reconnects, on its own scheduler; the SDK's timers would race it.
    reconnectionOptions: {
      maxRetries: 0,
      initialReconnectionDelay: 0,
      maxReconnectionDelay: 0,
      reconnectionDelayGrowFactor: 1,
    },
  });
}

function sseTransport(server: McpHttpServerConfig, fetch: FetchLike, context: OpenClientContext): Transport {
  const authProvider = context.options.oauth?.(server);
  return new SSEClientTransport(new URL(server.url), {
    fetch,
    requestInit: { headers: server.headers },
    ...(authProvider ? { authProvider } : {}),
  });
}

/**
 * Watches Streamable HTTP's GET stream, which carries the server's own messages (list changes
 * among them): when it has answered, and when it ends (the server restarted or dropped the session).
 */
class StreamWatch {
  #answered: Promise<void> = Promise.resolve();
  readonly #onEnded: () => void;

  constructor(onEnded: () => void) {
    this.#onEnded = onEnded;
  }

  /** Resolves when the last GET stream asked for has answered (or failed). */
  answered(): Promise<void> {
    return this.#answered;
  }

  fetch(fetch: FetchLike): FetchLike {
    return (url, init) => {
      const isGet = (init?.method ?? "GET").toUpperCase() === "GET";
      const response = fetch(url, init).then((answer) => (isGet && answer.ok ? this.#watch(answer) : answer));
      if (isGet)
        this.#answered = response.then(
          () => undefined,
          () => undefined,
        );
      return response;
    };
  }

  #watch(response: Response): Response {
    if (response.body === null) return response;
    const reader = response.body.getReader();
    const onEnded = this.#onEnded;
    const watched = new ReadableStream<Uint8Array>({
      async pull(controller) {
        // A broken stream is ended, not failed: the link reconnects, and the SDK has nothing left to do with it.
        const read = await reader.read().catch(() => ({ done: true as const, value: undefined }));
        if (!read.done) return controller.enqueue(read.value);
        controller.close();
        onEnded();
      },
      cancel: (reason) => reader.cancel(reason),
    });
    return new Response(watched, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }
}
