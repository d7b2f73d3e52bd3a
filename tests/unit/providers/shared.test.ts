/** The pieces every provider shares: backoff, retry-after, SSE reading, tool-sequence repair, config. */
import { describe, expect, it } from "vitest";
import { KernelError } from "../../../src/errors.ts";
import type { Message } from "../../../src/models/index.ts";
import { getLLMErrorData, llmError } from "../../../src/models/llm-error.ts";
import { anthropicConfigSchema } from "../../../src/modules/provider-anthropic/index.ts";
import { parseRetryAfter } from "../../../src/modules/providers-shared/http.ts";
import { readImageSource, readToolChoice } from "../../../src/modules/providers-shared/message-parts.ts";
import { DEFAULT_RETRY_POLICY, retryDelay, withRetries } from "../../../src/modules/providers-shared/retry.ts";
import { readServerSentEvents } from "../../../src/modules/providers-shared/sse.ts";
import { parseToolArguments } from "../../../src/modules/providers-shared/tool-arguments.ts";
import { MISSING_RESULT_TEXT, repairToolSequence } from "../../../src/modules/providers-shared/tool-sequence.ts";
import { parseModuleConfig } from "../../../src/modules/shared/config.ts";
import { collect, rejection } from "../../suites/providers/harness.ts";

/** What `action` throws (fails the test when it does not throw). */
function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("retryDelay", () => {
  const policy = { ...DEFAULT_RETRY_POLICY, initial_delay_ms: 1000, max_delay_ms: 5000, jitter: 0.5 };

  it("doubles per retry, randomises the jitter fraction, and caps the base", () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelay(policy, attempt, () => 0))).toEqual([500, 1000, 2000, 2500]);
    expect([1, 2, 3, 4].map((attempt) => retryDelay(policy, attempt, () => 0.999_999))).toEqual([
      1000, 2000, 4000, 5000,
    ]);
  });

  it("uses the server's retry-after as is, and refuses one longer than the policy allows", () => {
    expect(retryDelay(policy, 1, () => 0.5, 2.5)).toBe(2500);
    expect(retryDelay({ ...policy, max_retry_after_ms: 10_000 }, 1, () => 0.5, 30)).toBeUndefined();
  });
});

describe("withRetries", () => {
  const environment = { sleep: async () => undefined, random: () => 0 };

  it("retries only retryable provider failures, up to the cap, reporting each retry", async () => {
    let calls = 0;
    const notices: number[] = [];
    const error = await rejection(
      withRetries(
        async () => {
          calls++;
          throw llmError("unavailable", "busy");
        },
        {
          policy: { ...DEFAULT_RETRY_POLICY, max_retries: 2 },
          environment,
          onRetry: (notice) => void notices.push(notice.attempt),
        },
      ),
    );
    expect(getLLMErrorData(error)?.kind).toBe("unavailable");
    expect([calls, notices]).toEqual([3, [1, 2]]);
  });

  it("does not retry auth failures or errors that are not provider failures", async () => {
    for (const failure of [llmError("auth", "bad key"), new Error("bug")]) {
      let calls = 0;
      await rejection(
        withRetries(
          async () => {
            calls++;
            throw failure;
          },
          { policy: DEFAULT_RETRY_POLICY, environment },
        ),
      );
      expect(calls).toBe(1);
    }
  });

  it("gives up at once when retry-after is beyond the policy", async () => {
    let calls = 0;
    await rejection(
      withRetries(
        async () => {
          calls++;
          throw llmError("rate_limit", "slow down", { retry_after: 3600 });
        },
        { policy: DEFAULT_RETRY_POLICY, environment },
      ),
    );
    expect(calls).toBe(1);
  });
});

describe("parseRetryAfter", () => {
  it("reads retry-after-ms first, then seconds, then an HTTP date against the injected clock", () => {
    expect(parseRetryAfter(new Headers({ "retry-after-ms": "250", "retry-after": "9" }))).toBe(0.25);
    expect(parseRetryAfter(new Headers({ "retry-after": "12" }))).toBe(12);
    const now = () => Date.parse("Wed, 21 Oct 2026 07:28:00 GMT");
    expect(parseRetryAfter(new Headers({ "retry-after": "Wed, 21 Oct 2026 07:28:30 GMT" }), now)).toBe(30);
    expect(parseRetryAfter(new Headers({ "retry-after": "soon" }))).toBeUndefined();
  });
});

describe("readServerSentEvents", () => {
  it("parses events split at every byte, through multi-byte characters and CRLF line ends", async () => {
    const text = 'event: a\r\ndata: {"t":"héllo ✓ 日本"}\r\n\r\n: keep-alive comment\n\ndata: line1\ndata: line2\n\n';
    const bytes = new TextEncoder().encode(text);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
        controller.close();
      },
    });
    const events = await collect(readServerSentEvents(body, { provider: "test" }));
    expect(events.map(({ event, data }) => ({ event, data }))).toEqual([
      { event: "a", data: '{"t":"héllo ✓ 日本"}' },
      { event: undefined, data: "line1\nline2" },
    ]);
  });

  it("cancels the body when the signal is already aborted", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      cancel() {
        cancelled = true;
      },
    });
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(collect(readServerSentEvents(body, { provider: "test", signal: controller.signal })));
    expect(KernelError.is(error, "cancelled")).toBe(true);
    expect(cancelled).toBe(true);
  });
});

describe("repairToolSequence", () => {
  const call = (id: string): Message => ({
    role: "assistant",
    content: "",
    tool_calls: [{ id, tool: "t", arguments: {} }],
  });
  const result = (id: string): Message => ({ role: "tool", tool_call_id: id, content: "ok" });

  it("leaves a well-paired history alone", () => {
    const messages: Message[] = [
      { role: "user", content: "go" },
      call("a"),
      result("a"),
      { role: "assistant", content: "done" },
    ];
    expect(repairToolSequence(messages)).toEqual({ messages, repairs: [] });
  });

  it("adds missing results after the group's others, drops orphans and duplicates, reads tool_result blocks", () => {
    const messages: Message[] = [
      { role: "user", content: "go" },
      {
        role: "assistant",
        content: [
          { type: "tool_call", id: "a", name: "t", input: {} },
          { type: "tool_call", id: "b", name: "t", input: {} },
        ],
      },
      { role: "user", content: [{ type: "tool_result", tool_call_id: "a", output: "A" }] },
      result("a"),
      result("zzz"),
      { role: "assistant", content: "next" },
    ];
    const { messages: repaired, repairs } = repairToolSequence(messages);
    expect(repaired.slice(2)).toEqual([
      messages[2],
      { role: "tool", tool_call_id: "b", content: MISSING_RESULT_TEXT, success: false },
      { role: "assistant", content: "next" },
    ]);
    expect(repairs.map((repair) => [repair.tool_call_id, repair.action])).toEqual([
      ["a", "dropped_orphan_result"],
      ["zzz", "dropped_orphan_result"],
      ["b", "synthetic_result"],
    ]);
  });
});

describe("config and message parts", () => {
  it("names every bad path of a config, and accepts numbers given as strings after environment substitution", () => {
    const error = thrown(() =>
      parseModuleConfig("provider-anthropic", anthropicConfigSchema, { api_key: "", max_tokens: "lots", modle: "x" }),
    );
    expect(KernelError.is(error, "invalid_config")).toBe(true);
    expect((error as Error).message).toMatch(/config\.api_key: must not be empty/);
    expect((error as Error).message).toMatch(/config\.max_tokens:/);
    expect((error as Error).message).toMatch(/modle/);
    expect((error as KernelError).issues?.map((issue) => [issue.path, issue.code])).toEqual([
      [["config", "api_key"], "too_small"],
      [["config", "max_tokens"], "invalid_type"],
      [["config"], "unrecognized_keys"],
    ]);
    expect((error as KernelError).data).toEqual({ module_id: "provider-anthropic" });
    expect(parseModuleConfig("p", anthropicConfigSchema, { max_tokens: "2048", temperature: "0.5" })).toMatchObject({
      max_tokens: 2048,
      temperature: 0.5,
    });
  });

  it("names the path of an image source no API can take", () => {
    const where = ["messages", 3, "content", 1, "source"];
    const error = thrown(() => readImageSource({ type: "file", path: "/tmp/x.png" }, where));
    expect((error as Error).message).toMatch(/^messages\[3\]\.content\[1\]\.source: an image source must be/);
    expect((error as KernelError).issues).toEqual([expect.objectContaining({ path: where, code: "invalid_value" })]);
    expect(readImageSource({ url: "data:image/gif;base64,R0lG" }, ["p"])).toEqual({
      kind: "base64",
      media_type: "image/gif",
      data: "R0lG",
    });
  });

  it("reads tool_choice in Amplifier's, Anthropic's and OpenAI's shapes", () => {
    expect(readToolChoice("any")).toEqual({ mode: "required" });
    expect(readToolChoice("search")).toEqual({ mode: "tool", name: "search" });
    expect(readToolChoice({ type: "tool", name: "a" })).toEqual({ mode: "tool", name: "a" });
    expect(readToolChoice({ type: "function", function: { name: "b" } })).toEqual({ mode: "tool", name: "b" });
    expect(() => readToolChoice({ type: "weird" })).toThrow(/tool_choice/);
  });

  it("parses tool arguments, and reports ones that are not a JSON object as invalid_tool_call", () => {
    const context = { provider: "p", tool: "t" };
    expect(parseToolArguments("", context)).toEqual({});
    expect(parseToolArguments('{"a":1}', context)).toEqual({ a: 1 });
    for (const bad of ['{"a":', "[1,2]", "42"]) {
      const error = thrown(() => parseToolArguments(bad, context));
      expect(getLLMErrorData(error)?.kind).toBe("invalid_tool_call");
    }
  });
});
