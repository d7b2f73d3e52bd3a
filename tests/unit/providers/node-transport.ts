/**
 * The node transport: a real HTTP server on 127.0.0.1 that replays the transcript, writing SSE
 * bodies event by event, breaking the socket for a cut stream and holding it open until the client
 * leaves for a held one.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Exchange } from "../../fixtures/providers/exchange.ts";
import {
  deferred,
  parseBody,
  type RecordedRequest,
  type Replay,
  responseText,
  type Transport,
} from "../../suites/providers/transport.ts";

/** Starts a server on 127.0.0.1 with a free port. */
export const nodeTransport: Transport = async (exchanges) => {
  const requests: RecordedRequest[] = [];
  const gone = exchanges.map(() => deferred());
  const server = createServer((request, response) => {
    const index = requests.length;
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      requests.push(record(request, Buffer.concat(chunks).toString("utf8")));
      const exchange = exchanges[index];
      if (!exchange) {
        response.writeHead(599).end(`replay: no exchange #${index}`);
        return;
      }
      response.on("close", () => gone[index]!.resolve());
      if (exchange.response.refuse) {
        request.socket.destroy();
        return;
      }
      reply(exchange, request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    clientGone: (index) => gone[index]?.promise ?? Promise.reject(new Error(`no exchange #${index}`)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  } satisfies Replay;
};

function record(request: IncomingMessage, text: string): RecordedRequest {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.headers)) {
    if (typeof value === "string") headers[key] = value;
  }
  return { method: request.method ?? "", path: request.url ?? "", headers, body: parseBody(text) };
}

function reply(exchange: Exchange, request: IncomingMessage, response: ServerResponse): void {
  const { status, headers, cut, hold } = exchange.response;
  const body = responseText(exchange);
  response.writeHead(status, { "content-type": "application/json", ...headers });
  if (!cut && !hold) {
    response.end(body);
    return;
  }
  // Event by event, so the client sees a live stream before the cut or the hold.
  const parts = body.split(/(?<=\n\n)/).filter((part) => part !== "");
  parts.forEach((part, position) => {
    const last = position === parts.length - 1;
    // Break the connection once the events are flushed, without the chunked terminator.
    response.write(part, last && cut ? () => request.socket.destroy() : undefined);
  });
}
