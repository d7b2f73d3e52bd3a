/**
 * A server at the wrong base URL answers 200 with an HTML page (a local model server's web UI): every
 * HTTP provider names the URL and the content type instead of "the stream ended early".
 */
import { describe, expect, it } from "vitest";
import { getLLMErrorData } from "../../../src/models/llm-error.ts";
import { createAnthropicProvider } from "../../../src/modules/provider-anthropic/index.ts";
import { createOpenAiProvider } from "../../../src/modules/provider-openai/index.ts";
import type { Exchange } from "../../fixtures/providers/exchange.ts";
import { collectUntilError, rejection, withReplay } from "../../suites/providers/harness.ts";
import { nodeTransport } from "./node-transport.ts";

const PAGE = "<!doctype html><html><head><title>Open WebUI</title></head><body>Sign in</body></html>";
const request = { messages: [{ role: "user" as const, content: "Say hello." }] };

function answers(path: string, type: string, body = PAGE): Exchange {
  return { request: { method: "POST", path }, response: { status: 200, headers: { "content-type": type }, body } };
}

const providers = [
  {
    name: "provider-openai (chat completions)",
    path: "/v1/chat/completions",
    create: (base: string) => createOpenAiProvider({ base_url: `${base}/v1`, model: "m", max_retries: 0 }),
  },
  {
    name: "provider-openai (responses)",
    path: "/v1/responses",
    create: (base: string) =>
      createOpenAiProvider({ base_url: `${base}/v1`, model: "m", api: "responses", max_retries: 0 }),
  },
  {
    name: "provider-anthropic",
    path: "/v1/messages",
    create: (base: string) => createAnthropicProvider({ api_key: "k", base_url: base, max_retries: 0 }),
  },
];

describe("an HTML answer is named, not read as a broken stream (node, HTTP server on 127.0.0.1)", () => {
  for (const provider of providers) {
    it(`${provider.name}: stream() says the server answered text/html, not an event stream`, async () => {
      const exchange = answers(provider.path, "text/html; charset=utf-8");
      await withReplay(nodeTransport, [exchange], async (replay) => {
        const { items, error } = await collectUntilError(provider.create(replay.baseUrl).stream!(request));
        expect(items).toEqual([]);
        const url = `${replay.baseUrl}${provider.path}`;
        expect((error as Error).message).toContain(
          `the server at ${url} answered HTTP 200 with text/html, not an event stream`,
        );
        expect((error as Error).message).toMatch(/base URL is wrong/);
        expect(getLLMErrorData(error)).toMatchObject({ kind: "configuration", retryable: false, status_code: 200 });
        expect(replay.requests).toHaveLength(1);
      });
    });

    it(`${provider.name}: complete() says the server answered text/html, not JSON`, async () => {
      const exchange = answers(provider.path, "text/html");
      await withReplay(nodeTransport, [exchange], async (replay) => {
        const error = await rejection(provider.create(replay.baseUrl).complete(request));
        const url = `${replay.baseUrl}${provider.path}`;
        expect((error as Error).message).toContain(`the server at ${url} answered HTTP 200 with text/html, not JSON`);
        expect((error as Error).message).toContain("<title>Open WebUI</title>");
        expect(getLLMErrorData(error)).toMatchObject({ kind: "configuration", retryable: false });
      });
    });
  }

  it("a JSON answer to a streaming request names application/json, without the HTML hint", async () => {
    const exchange = answers("/v1/chat/completions", "application/json", JSON.stringify({ error: "no streaming" }));
    await withReplay(nodeTransport, [exchange], async (replay) => {
      const provider = createOpenAiProvider({ base_url: `${replay.baseUrl}/v1`, model: "m", max_retries: 0 });
      const { error } = await collectUntilError(provider.stream!(request));
      expect((error as Error).message).toMatch(/answered HTTP 200 with application\/json, not an event stream$/);
    });
  });

  it("declared JSON that does not parse stays a stream error (the right server, a broken body)", async () => {
    const exchange = answers("/v1/chat/completions", "application/json", '{"id": "cut');
    await withReplay(nodeTransport, [exchange], async (replay) => {
      const provider = createOpenAiProvider({ base_url: `${replay.baseUrl}/v1`, model: "m", max_retries: 0 });
      const error = await rejection(provider.complete(request));
      expect((error as Error).message).toMatch(/the response is not valid JSON: \{"id": "cut/);
      expect(getLLMErrorData(error)).toMatchObject({ kind: "stream", retryable: false });
    });
  });
});
