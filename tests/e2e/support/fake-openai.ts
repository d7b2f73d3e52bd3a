/**
 * A stand-in for an OpenAI-compatible server on 127.0.0.1 (what Ollama or llama.cpp would be):
 * answers `POST /v1/chat/completions`, streamed or not, with CORS for the page, and records
 * what it was sent so a test can check the key and the prompt.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the fake received. */
export interface FakeRequest {
  readonly authorization: string | undefined;
  readonly body: { model?: string; stream?: boolean; messages?: { role: string; content: unknown }[] };
}

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "authorization, content-type",
  "access-control-allow-methods": "POST, GET, OPTIONS",
};

function chunk(delta: Record<string, unknown>, finish: string | null = null): string {
  const data = {
    id: "chatcmpl-fake",
    object: "chat.completion.chunk",
    model: "fake-model",
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
  return `data: ${JSON.stringify(data)}\n\n`;
}

async function readJson(request: IncomingMessage): Promise<FakeRequest["body"]> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return JSON.parse(Buffer.concat(parts).toString("utf8") || "{}");
}

function answer(response: ServerResponse, body: FakeRequest["body"], text: string): void {
  if (body.stream) {
    response.writeHead(200, { ...CORS, "content-type": "text/event-stream", "cache-control": "no-cache" });
    const [first, ...rest] = text.split(" ");
    response.write(chunk({ role: "assistant", content: first }));
    for (const word of rest) response.write(chunk({ content: ` ${word}` }));
    response.write(chunk({}, "stop"));
    response.end("data: [DONE]\n\n");
    return;
  }
  response.writeHead(200, { ...CORS, "content-type": "application/json" });
  response.end(
    JSON.stringify({
      id: "chatcmpl-fake",
      object: "chat.completion",
      model: "fake-model",
      choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    }),
  );
}

/** Starts the fake; it answers every prompt with `reply(prompt)`. Dispose stops it. */
export async function serveFakeOpenAi(
  reply: (prompt: string) => string,
): Promise<{ baseUrl: string; requests: FakeRequest[] } & AsyncDisposable> {
  const requests: FakeRequest[] = [];
  const server = createServer((request, response) => {
    if (request.method === "OPTIONS") {
      response.writeHead(204, CORS).end();
      return;
    }
    if (request.method !== "POST" || !request.url?.endsWith("/chat/completions")) {
      response.writeHead(404, { ...CORS, "content-type": "application/json" }).end('{"error":{"message":"not found"}}');
      return;
    }
    void readJson(request).then((body) => {
      requests.push({ authorization: request.headers.authorization, body });
      const last = [...(body.messages ?? [])].reverse().find((message) => message.role === "user");
      answer(response, body, reply(typeof last?.content === "string" ? last.content : JSON.stringify(last?.content)));
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
