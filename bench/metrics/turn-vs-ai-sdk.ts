/**
 * `turn.overhead_ratio_vs_ai_sdk`: one 10-step tool-calling conversation (nine tool calls, then an
 * answer) with a scripted model and an in-process tool: our session (`loop-basic`,
 * `context-simple`, `provider-mock`) vs the Vercel AI SDK's `generateText` with its
 * `MockLanguageModelV4`, `stopWhen: stepCountIs(10)` and the same tool. Pair by pair in this
 * process, alternating which goes first. Setup (session initialize, mock model) is not timed.
 */
import { generateText, jsonSchema, stepCountIs, tool } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import type { ModuleDefinition, Tool } from "../../src/contracts.ts";
import { builtinModules } from "../../src/modules/index.ts";
import { createSession } from "../../src/session.ts";
import type { Benchmark } from "../harness.ts";
import { fixed, median, metric, paired, timed } from "../harness.ts";

const STEPS = 10;
const ADD_SCHEMA = {
  type: "object",
  properties: { a: { type: "number" }, b: { type: "number" } },
  required: ["a", "b"],
  additionalProperties: false,
} as const;

const addTool: Tool = {
  name: "add",
  description: "Adds a and b.",
  input_schema: ADD_SCHEMA,
  async execute(input) {
    return { success: true, output: { sum: Number(input.a) + Number(input.b) } };
  },
};

const toolAdd: ModuleDefinition = {
  id: "tool-add",
  type: "tool",
  async mount(coordinator) {
    await coordinator.mount("tools", addTool, { name: "add" });
  },
};

/** The plan of our side: nine scripted tool calls, then the answer. */
function ourPlan(): Record<string, unknown> {
  const script = [
    ...Array.from({ length: STEPS - 1 }, (_, index) => ({
      text: `Step ${index + 1}.`,
      tool_calls: [{ id: `call_${index + 1}`, name: "add", arguments: { a: index, b: 1 } }],
      usage: { input_tokens: 10, output_tokens: 5 },
    })),
    { text: "The sums are done.", usage: { input_tokens: 10, output_tokens: 5 } },
  ];
  return {
    session: { orchestrator: "loop-basic", context: "context-simple" },
    orchestrator: { config: { max_iterations: STEPS + 2 } },
    providers: [{ module: "provider-mock", config: { script, when_exhausted: "error" } }],
    tools: [{ module: "tool-add" }],
  };
}

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
};

/** The AI SDK's side: the same nine tool calls and the answer, as LanguageModelV4 results. */
function theirModel(): MockLanguageModelV4 {
  return new MockLanguageModelV4({
    doGenerate: [
      ...Array.from({ length: STEPS - 1 }, (_, index) => ({
        content: [
          { type: "text" as const, text: `Step ${index + 1}.` },
          {
            type: "tool-call" as const,
            toolCallId: `call_${index + 1}`,
            toolName: "add",
            input: JSON.stringify({ a: index, b: 1 }),
          },
        ],
        finishReason: { unified: "tool-calls" as const, raw: "tool_use" },
        usage,
        warnings: [],
      })),
      {
        content: [{ type: "text" as const, text: "The sums are done." }],
        finishReason: { unified: "stop" as const, raw: "end_turn" },
        usage,
        warnings: [],
      },
    ],
  });
}

const theirTools = {
  add: tool({
    description: "Adds a and b.",
    inputSchema: jsonSchema<{ a: number; b: number }>(ADD_SCHEMA),
    execute: async ({ a, b }) => ({ sum: a + b }),
  }),
};

export const turnVsAiSdk: Benchmark = {
  name: "turn.vs_ai_sdk",
  async run({ quick }) {
    const modules = { ...builtinModules, "tool-add": toolAdd };
    const ours = async () => {
      await using session = createSession(ourPlan(), { modules });
      await session.initialize();
      const { value: answer, ...timing } = await timed(() => session.execute("Add the numbers step by step."));
      if (answer !== "The sums are done.") throw new Error(`ours: unexpected answer ${answer}`);
      return timing;
    };
    const theirs = async () => {
      const model = theirModel();
      const { value: result, ...timing } = await timed(() =>
        generateText({
          model,
          prompt: "Add the numbers step by step.",
          tools: theirTools,
          stopWhen: stepCountIs(STEPS),
        }),
      );
      if (result.steps.length !== STEPS || result.text !== "The sums are done.") {
        throw new Error(`theirs: ${result.steps.length} steps, text ${result.text}`);
      }
      return timing;
    };
    const runs = quick ? 6 : 60;
    const samples = await paired(ours, theirs, runs, quick ? 2 : 10);
    return {
      "turn.overhead_ratio_vs_ai_sdk": metric(
        median(samples.ratios),
        "ratio",
        runs,
        `median of per-pair ours/theirs over ${STEPS} model calls and ${STEPS - 1} tool calls; ours ${fixed(median(samples.ours))} ms (session.execute, hooks, context-simple), theirs ${fixed(median(samples.theirs))} ms (generateText); process-CPU ratio ${fixed(median(samples.cpuRatios))}`,
        { op: "<=", value: 1 },
      ),
    };
  },
};
