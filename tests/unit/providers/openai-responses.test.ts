import { describe, expect, it } from "vitest";
import type { KernelError } from "../../../src/errors.ts";
import { getLLMErrorData } from "../../../src/models/llm-error.ts";
import { fromResponsesResponse } from "../../../src/modules/provider-openai/responses-response.ts";
import { translateResponsesStream } from "../../../src/modules/provider-openai/responses-stream.ts";
import { fetchTransport } from "../../suites/providers/fetch-transport.ts";
import { registerOpenAiResponsesSuite } from "../../suites/providers/openai-responses-suite.ts";
import { nodeTransport } from "./node-transport.ts";

registerOpenAiResponsesSuite(nodeTransport, "node, HTTP server on 127.0.0.1");
registerOpenAiResponsesSuite(fetchTransport, "node, injected fetch");

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("provider-openai, Responses API: bodies and events of the wrong shape", () => {
  const prepared = { body: {}, model: "gpt-4.1-mini" };

  it("a response body is a stream error listing every issue with its path", () => {
    const error = thrown(() => fromResponsesResponse({ id: 7, output: [{ type: 1 }] }, prepared, "openai"));
    expect(getLLMErrorData(error)).toMatchObject({ kind: "stream", retryable: false, model: "gpt-4.1-mini" });
    expect((error as KernelError).issues?.map((issue) => [issue.path, issue.code])).toEqual([
      [["id"], "invalid_type"],
      [["output", 0, "type"], "invalid_type"],
    ]);
    expect((error as Error).message).toMatch(/^openai: unexpected response shape: id: expected string/);
    const missing = thrown(() => fromResponsesResponse({ id: "r" }, prepared, "openai"));
    expect((missing as KernelError).issues).toEqual([
      { path: ["output"], message: "required (expected array)", code: "invalid_type" },
    ]);
  });

  it("a stream event is a stream error listing its issues", async () => {
    async function* events() {
      yield { event: "response.output_text.delta", data: JSON.stringify({ type: "x", delta: 5 }) };
    }
    const stream = translateResponsesStream(events(), prepared, { provider: "openai" });
    const error = await stream.next().then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(getLLMErrorData(error)).toMatchObject({ kind: "stream", retryable: false });
    expect((error as KernelError).issues).toEqual([
      { path: ["delta"], message: "expected string, received number", code: "invalid_type" },
    ]);
  });
});
