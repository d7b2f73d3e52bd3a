/**
 * provider-anthropic against recorded wire data (`tests/fixtures/provider-wire/anthropic`, from the
 * official SDK's and vercel/ai's test fixtures) and the documented error shapes: each test replays
 * one recording and names the defect of issue 20 it proves fixed.
 */
import { describe, expect, it } from "vitest";
import type { Message, StreamEvent } from "../../../src/models/index.ts";
import { getLLMErrorData } from "../../../src/models/llm-error.ts";
import { estimateRequestTokens } from "../../../src/modules/shared/token-estimate.ts";
import { jsonExchange, namedEventStream, streamExchange, WIRE } from "../../fixtures/providers/wire.ts";
import { setup } from "./anthropic-harness.ts";
import { collect, collectUntilError, rejection, withReplay } from "./harness.ts";
import type { Transport } from "./transport.ts";

type Done = Extract<StreamEvent, { type: "done" }>;
const MESSAGES = "/v1/messages";

interface ParallelRecording {
  response: Record<string, unknown>;
  response_headers: Record<string, string>;
  next_request_messages: unknown[];
  final_response: Record<string, unknown>;
}

/** Registers the suite; `runtime` names where it runs. */
export function registerAnthropicWireSuite(transport: Transport, runtime: string): void {
  describe(`provider-anthropic on recorded wire data (${runtime})`, () => {
    it("a tool call cut off by max_tokens (SDK incomplete_partial_json) is marked incomplete with finish length, never given {} as if complete", async () => {
      const exchange = streamExchange(MESSAGES, WIRE.anthropicIncomplete);
      await withReplay(transport, [exchange], async (replay) => {
        const { provider } = setup(replay);
        const events = await collect(provider.stream!({ messages: [{ role: "user", content: "Write taxes.txt" }] }));
        expect(events.filter((event) => event.type === "tool_call_end")).toEqual([
          { type: "tool_call_end", index: 1, id: "toolu_01EKqbqmZrGRXy18eN7m9kvY", arguments: {}, incomplete: true },
        ]);
        const { response } = events.at(-1) as Done;
        expect(response.finish_reason).toBe("length");
        expect(response.content[1]).toEqual({
          type: "tool_call",
          id: "toolu_01EKqbqmZrGRXy18eN7m9kvY",
          name: "make_file",
          input: {},
          incomplete: true,
        });
        expect(await provider.parse_tool_calls(response)).toEqual([
          { id: "toolu_01EKqbqmZrGRXy18eN7m9kvY", name: "make_file", arguments: {}, incomplete: true },
        ]);
      });
    });

    it("a tool call without arguments that did finish (anthropic-tool-no-args) stays a complete call with {}", async () => {
      const exchange = streamExchange(MESSAGES, namedEventStream(WIRE.anthropicToolNoArgs));
      await withReplay(transport, [exchange], async (replay) => {
        const { provider } = setup(replay);
        const { response } = (await collect(provider.stream!({ messages: [{ role: "user", content: "go" }] }))).at(
          -1,
        ) as Done;
        expect(response.finish_reason).toBe("tool_calls");
        expect(response.tool_calls).toEqual([
          { id: "toolu_01QE1WLsSVp5hy5Q3GmGTmjP", name: "updateIssueList", arguments: {} },
        ]);
        expect(response.usage?.input_tokens).toBe(565);
      });
    });

    it("a failed tool reaches Anthropic with is_error, a successful or old stored one without (SDK ToolRunner parallel calls)", async () => {
      const recording = JSON.parse(WIRE.anthropicParallel) as ParallelRecording;
      const exchange = jsonExchange(MESSAGES, JSON.stringify(recording.final_response));
      const [user, assistant, results] = recording.next_request_messages as [
        unknown,
        { content: { type: string; text?: string; id?: string; name?: string; input?: Record<string, unknown> }[] },
        { content: { tool_use_id: string; content: string }[] },
      ];
      const calls = assistant.content.filter((block) => block.type === "tool_use");
      const history: Message[] = [
        { role: "user", content: "Use the test_tool with count 1, then use it again with count 2" },
        {
          role: "assistant",
          content: assistant.content[0]!.text ?? "",
          tool_calls: calls.map((call) => ({ id: call.id!, tool: call.name!, arguments: call.input! })),
        },
        // An old stored result without the flag, then a failed one.
        { role: "tool", tool_call_id: results.content[0]!.tool_use_id, content: results.content[0]!.content },
        { role: "tool", tool_call_id: results.content[1]!.tool_use_id, content: "count too large", success: false },
      ];
      await withReplay(transport, [exchange], async (replay) => {
        const { provider } = setup(replay, { prompt_caching: false });
        const response = await provider.complete({ messages: history });
        expect(response.text).toContain("I've successfully used the test_tool twice");
        const sent = replay.requests[0]!.body as { messages: unknown[] };
        expect(sent.messages.slice(0, 2)).toEqual([
          { role: "user", content: [{ type: "text", text: (user as { content: string }).content }] },
          assistant,
        ]);
        expect(sent.messages[2]).toEqual({
          role: "user",
          content: [
            results.content[0],
            {
              type: "tool_result",
              tool_use_id: results.content[1]!.tool_use_id,
              content: "count too large",
              is_error: true,
            },
          ],
        });
      });
    });

    it("joins the text blocks of an answer split at citations without inserting blank lines (web search: 2402 characters, not 2438)", async () => {
      const exchange = streamExchange(MESSAGES, namedEventStream(WIRE.anthropicWebSearch));
      await withReplay(transport, [exchange], async (replay) => {
        const { provider } = setup(replay);
        const { response } = (
          await collect(provider.stream!({ messages: [{ role: "user", content: "tech news?" }] }))
        ).at(-1) as Done;
        const blocks = response.content.filter((block) => block.type === "text");
        expect(blocks.length).toBe(19);
        expect(response.text).toBe(blocks.map((block) => (block.type === "text" ? block.text : "")).join(""));
        expect(response.text).toHaveLength(2402);
        expect(response.text).toContain("September 26, at 10 a.m. JST. Opened in 2003");
      });
    });

    it("keeps the request-id of a 529 overloaded answer on the error", async () => {
      const overloaded = jsonExchange(MESSAGES, WIRE.anthropic529, {
        status: 529,
        headers: { "request-id": "req_011CVLotoUkyNS4Bi9asSfF8" },
      });
      await withReplay(transport, [overloaded], async (replay) => {
        const { provider } = setup(replay, { max_retries: 0 });
        const data = getLLMErrorData(
          await rejection(provider.complete({ messages: [{ role: "user", content: "hi" }] })),
        );
        expect(data).toMatchObject({
          kind: "unavailable",
          status_code: 529,
          request_id: "req_011CVLotoUkyNS4Bi9asSfF8",
        });
      });
    });

    it("honours x-should-retry: false on a 529, as the official SDK does, and x-should-retry: true on a 400", async () => {
      const refused = jsonExchange(MESSAGES, WIRE.anthropic529, {
        status: 529,
        headers: { "x-should-retry": "false" },
      });
      await withReplay(transport, [refused], async (replay) => {
        const { provider, time } = setup(replay);
        const data = getLLMErrorData(
          await rejection(provider.complete({ messages: [{ role: "user", content: "hi" }] })),
        );
        expect(data).toMatchObject({ kind: "unavailable", retryable: false });
        expect(time.sleeps).toEqual([]);
        expect(replay.requests).toHaveLength(1);
      });
      const invalid = '{"type":"error","error":{"type":"invalid_request_error","message":"try again"}}';
      const forced = jsonExchange(MESSAGES, invalid, { status: 400, headers: { "x-should-retry": "true" } });
      const text = streamExchange(MESSAGES, namedEventStream(WIRE.anthropicText));
      await withReplay(transport, [forced, text], async (replay) => {
        const { provider, time } = setup(replay);
        const events = await collect(provider.stream!({ messages: [{ role: "user", content: "hi" }] }));
        expect((events.at(-1) as Done).response.finish_reason).toBe("stop");
        expect(time.sleeps).toHaveLength(1);
      });
    });

    it("counts tokens exactly with count_tokens (the body without max_tokens), and calibrates its estimate by the count", async () => {
      const exchange = jsonExchange(`${MESSAGES}/count_tokens`, '{"input_tokens":200}');
      await withReplay(transport, [exchange], async (replay) => {
        const { provider } = setup(replay, { prompt_caching: false });
        expect(provider.get_token_ratio!()).toBe(1);
        const question = "Hello, Claude. ".repeat(40).trim();
        const messages: Message[] = [
          { role: "system", content: "You are a scientist" },
          { role: "user", content: question },
        ];
        expect(await provider.count_tokens!({ messages })).toBe(200);
        expect(replay.requests[0]!.body).toEqual({
          model: "claude-sonnet-4-5",
          system: [{ type: "text", text: "You are a scientist" }],
          messages: [{ role: "user", content: [{ type: "text", text: question }] }],
        });
        expect(provider.get_token_ratio!()).toBeCloseTo(200 / estimateRequestTokens({ messages }), 6);
      });
    });

    it("maps an overloaded error as the first stream event to unavailable and keeps the stream's request-id", async () => {
      const exchange = streamExchange(MESSAGES, WIRE.anthropicOverloadedFirst, {
        headers: { "request-id": "req_stream_1" },
      });
      await withReplay(transport, [exchange], async (replay) => {
        const { provider } = setup(replay, { max_retries: 0 });
        const { items, error } = await collectUntilError(
          provider.stream!({ messages: [{ role: "user", content: "hi" }] }),
        );
        expect(items).toEqual([]);
        expect(getLLMErrorData(error)).toMatchObject({
          kind: "unavailable",
          retryable: true,
          request_id: "req_stream_1",
        });
      });
    });
  });
}
