/**
 * Node: the boundary suite's API served by a real HTTP server on 127.0.0.1. The gate sees the
 * declared https host; this test-only transport sends the request to the loopback server instead,
 * naming the declared host in `x-declared-host` so the server can rebuild the URL.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { ServedApi } from "../../suites/boundary/environment.ts";
import { type TestApi, transportError } from "../../suites/boundary/test-api.ts";

async function toRequest(incoming: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (name === "x-declared-host" || name === "host" || name === "connection" || value === undefined) continue;
    if (
      ["content-length", "accept", "accept-encoding", "accept-language", "sec-fetch-mode", "user-agent"].includes(name)
    )
      continue;
    headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const host = String(incoming.headers["x-declared-host"]);
  const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
  return new Request(`https://${host}${incoming.url}`, {
    method: incoming.method ?? "GET",
    headers,
    ...(body ? { body } : {}),
  });
}

/** Serves `api` on 127.0.0.1 and returns the transport to it. */
export async function serveOnLoopback(api: TestApi): Promise<ServedApi> {
  const server = createServer((incoming, outgoing) => {
    toRequest(incoming)
      .then((request) => api.handle(request))
      .then(async (response) => {
        const headers: Record<string, string | string[]> = {};
        response.headers.forEach((value, name) => {
          headers[name] = value;
        });
        const cookies = response.headers.getSetCookie();
        if (cookies.length > 0) headers["set-cookie"] = cookies;
        outgoing.writeHead(response.status, response.statusText, headers);
        outgoing.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch((error: unknown) => {
        outgoing.writeHead(500);
        outgoing.end(String(error));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    async fetch(url, init) {
      const declared = new URL(url);
      if (declared.pathname === "/transport-error") throw transportError(init);
      const headers = new Headers(init.headers);
      headers.set("x-declared-host", declared.host);
      return fetch(`http://127.0.0.1:${port}${declared.pathname}${declared.search}`, { ...init, headers });
    },
    async [Symbol.asyncDispose]() {
      api.release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
