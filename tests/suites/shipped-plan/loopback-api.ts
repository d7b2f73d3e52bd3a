/**
 * The API the shipped plan's tool calls, served by a real HTTP server on 127.0.0.1 (node only: a
 * Vitest global setup starts it for the unit, browser and workerd projects, see api-setup.ts).
 * `POST /v1/echo?run=` answers whether the request carried the injected secret and what it sent;
 * `GET /__seen?run=` lists what it served for a run. CORS is open: in Chromium the host worker's
 * origin is not this one.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SECRET } from "./plan.ts";
import type { SeenRequest } from "./route.ts";

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-allow-headers": "authorization, content-type, x-declared-host",
};

async function bodyOf(incoming: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function reply(outgoing: ServerResponse, status: number, value: unknown): void {
  outgoing.writeHead(status, { ...CORS, "content-type": "application/json" });
  outgoing.end(JSON.stringify(value));
}

/** A running loopback API. */
export interface LoopbackApi extends AsyncDisposable {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
}

/** Starts the API on a free port of 127.0.0.1. */
export async function startLoopbackApi(): Promise<LoopbackApi> {
  const seen = new Map<string, SeenRequest[]>();
  const server = createServer((incoming, outgoing) => {
    const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
    const run = url.searchParams.get("run") ?? "";
    if (incoming.method === "OPTIONS") {
      outgoing.writeHead(204, CORS);
      outgoing.end();
      return;
    }
    if (url.pathname === "/__seen") return reply(outgoing, 200, seen.get(run) ?? []);
    void bodyOf(incoming).then((text) => {
      const header = incoming.headers.authorization;
      const authorization =
        header === undefined ? "missing" : header === `Bearer ${SECRET}` ? "the injected secret" : "something else";
      const body: unknown = text === "" ? null : JSON.parse(text);
      const host = String(incoming.headers["x-declared-host"] ?? "");
      const request: SeenRequest = { method: incoming.method ?? "", host, path: url.pathname, authorization, body };
      seen.set(run, [...(seen.get(run) ?? []), request]);
      if (url.pathname !== "/v1/echo") return reply(outgoing, 404, { error: "not found" });
      reply(outgoing, 200, { host, authorized: authorization === "the injected secret", received: body });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
