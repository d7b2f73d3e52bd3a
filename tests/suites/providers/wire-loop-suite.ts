/**
 * The agent loops with provider-anthropic against recorded wire data: what the loop does with a
 * tool call the output limit cut off (SDK `incomplete_partial_json`), and what the next request
 * tells the model about a tool that failed (SDK ToolRunner parallel calls).
 */
import { describe, expect, it } from "vitest";
import type { ModuleDefinition, Tool } from "../../../src/contracts.ts";
import { createSession } from "../../../src/index.ts";
import { contextSimple } from "../../../src/modules/context-simple/index.ts";
import { loopBasic } from "../../../src/modules/loop-basic/index.ts";
import { loopStreaming } from "../../../src/modules/loop-streaming/index.ts";
import { providerAnthropic } from "../../../src/modules/provider-anthropic/index.ts";
import { EventRecorder, MockTool } from "../../../src/testing/index.ts";
import { ANTHROPIC_KEY } from "../../fixtures/providers/anthropic.ts";
import type { Exchange } from "../../fixtures/providers/exchange.ts";
import { jsonExchange, namedEventStream, streamExchange, WIRE } from "../../fixtures/providers/wire.ts";
import { withReplay } from "./harness.ts";
import type { Replay, Transport } from "./transport.ts";

const MESSAGES = "/v1/messages";
const EVENTS = ["tool:pre", "tool:post", "tool:error", "provider:response"];

function toolModule(tool: Tool): ModuleDefinition {
  return {
    id: `tool-${tool.name}`,
    type: "tool",
    async mount(coordinator) {
      await coordinator.mount("tools", tool, { name: tool.name });
    },
  };
}

async function runTurn(
  transport: Transport,
  exchanges: Exchange[],
  orchestrator: ModuleDefinition,
  tool: Tool,
  prompt: string,
) {
  return withReplay(transport, exchanges, async (replay: Replay) => {
    const config = {
      api_key: ANTHROPIC_KEY,
      base_url: replay.baseUrl,
      max_tokens: 1024,
      prompt_caching: false,
      max_retries: 0,
      ...(replay.fetch ? { fetch: replay.fetch } : {}),
    };
    const plan = {
      session: { orchestrator: orchestrator.id, context: "context-simple" },
      providers: [{ module: "provider-anthropic", config }],
      tools: [{ module: `tool-${tool.name}` }],
    };
    const session = createSession(plan, {
      modules: [orchestrator, contextSimple, providerAnthropic, toolModule(tool)],
      sessionId: "wire-loop",
    });
    const recorder = new EventRecorder();
    recorder.attach(session.coordinator.hooks, EVENTS);
    try {
      await session.initialize();
      const answer = await session.execute(prompt);
      const history = (await session.coordinator.get("context")?.get_messages()) ?? [];
      return { answer, recorder, history, requests: replay.requests };
    } finally {
      await session.cleanup();
    }
  });
}

interface ParallelRecording {
  response: unknown;
  next_request_messages: { role: string; content: unknown }[];
  final_response: unknown;
}

/** Registers the suite; `runtime` names where it runs. */
export function registerLoopWireSuite(transport: Transport, runtime: string): void {
  describe(`the loops on recorded Anthropic wire data (${runtime})`, () => {
    it("loop-streaming never runs a tool call cut off by max_tokens: tool:error incomplete_tool_call, an is_error result, no tool:pre", async () => {
      const makeFile = new MockTool({
        name: "make_file",
        input_schema: { type: "object", properties: { filename: { type: "string" } } },
      });
      const exchanges = [
        streamExchange(MESSAGES, WIRE.anthropicIncomplete),
        streamExchange(MESSAGES, namedEventStream(WIRE.anthropicText)),
      ];
      const { answer, recorder, history, requests } = await runTurn(
        transport,
        exchanges,
        loopStreaming,
        makeFile,
        "Write a tax guide to taxes.txt",
      );
      expect(makeFile.call_count).toBe(0);
      expect(recorder.get_events("tool:pre")).toEqual([]);
      expect(recorder.get_events("tool:error").map((event) => event.data)).toEqual([
        expect.objectContaining({
          tool_name: "make_file",
          tool_call_id: "toolu_01EKqbqmZrGRXy18eN7m9kvY",
          error: { type: "incomplete_tool_call", msg: expect.stringContaining("output token limit") },
        }),
      ]);
      expect(history.map((message) => message.role)).toEqual(["user", "assistant", "tool", "assistant"]);
      expect(history[1]?.tool_calls).toEqual([
        { id: "toolu_01EKqbqmZrGRXy18eN7m9kvY", tool: "make_file", arguments: {} },
      ]);
      expect(history[2]).toMatchObject({ role: "tool", success: false });
      const second = requests[1]!.body as { messages: { role: string; content: Record<string, unknown>[] }[] };
      expect(second.messages.at(-1)?.content[0]).toMatchObject({
        type: "tool_result",
        tool_use_id: "toolu_01EKqbqmZrGRXy18eN7m9kvY",
        is_error: true,
        content: expect.stringContaining("Not executed"),
      });
      expect(answer.length).toBeGreaterThan(0);
    });

    it("loop-basic tells Anthropic which of two parallel calls failed (is_error on that result only)", async () => {
      const recording = JSON.parse(WIRE.anthropicParallel) as ParallelRecording;
      const testTool = new MockTool({
        name: "test_tool",
        input_schema: { type: "object", properties: { count: { type: "number" } } },
        respond: async (input) =>
          input.count === 1
            ? { success: true, output: "Called with 1" }
            : { success: false, error: { message: "count 2 is over the limit" } },
      });
      const exchanges = [
        jsonExchange(MESSAGES, JSON.stringify(recording.response)),
        jsonExchange(MESSAGES, JSON.stringify(recording.final_response)),
      ];
      const { history, requests } = await runTurn(
        transport,
        exchanges,
        loopBasic,
        testTool,
        "Use the test_tool with count 1, then use it again with count 2",
      );
      expect(testTool.call_count).toBe(2);
      expect(history.filter((message) => message.role === "tool").map((message) => message.success)).toEqual([
        true,
        false,
      ]);
      const [recordedResults] = recording.next_request_messages.slice(2) as { content: Record<string, unknown>[] }[];
      const sent = requests[1]!.body as { messages: { content: unknown }[] };
      expect(sent.messages[2]?.content).toEqual([
        recordedResults!.content[0],
        { ...recordedResults!.content[1], content: "count 2 is over the limit", is_error: true },
      ]);
    });
  });
}
