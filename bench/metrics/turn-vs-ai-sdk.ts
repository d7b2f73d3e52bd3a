/**
 * `turn.overhead_ratio_vs_ai_sdk`: one 10-step tool-calling conversation (nine tool calls, then an
 * answer) with a scripted model and an in-process tool: our session (`loop-basic`,
 * `context-simple`, `provider-mock`) vs the Vercel AI SDK's `generateText` with its
 * `MockLanguageModelV4`, `stopWhen: stepCountIs(10)` and the same tool. Pair by pair in this
 * process, alternating which goes first. Setup (session initialize, mock model) is not timed.
 *
 * The same pairs again with `hooks-otel` mounted on our side: `.otel_noop` with a tracer provider
 * that records nothing (what a host pays before it registers an SDK), `.otel_in_memory` with the
 * SDK's TracerProvider, a SimpleSpanProcessor and the in-memory exporter (every span built,
 * ended and exported). The AI SDK side stays without telemetry, so the ratio is the whole cost.
 */
import { ProxyTracerProvider, type TracerProvider as TracerProviderApi } from "@opentelemetry/api";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { generateText, jsonSchema, stepCountIs, tool } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import type { ModuleDefinition, Tool } from "../../src/contracts.ts";
import { builtinModules, createHooksOtel } from "../../src/modules/index.ts";
import type { MountPlanInput } from "../../src/plan/schema.ts";
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

/** The plan of our side: nine scripted tool calls, then the answer (hooks-otel mounted when `traced`). */
function ourPlan(traced = false): MountPlanInput {
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
    ...(traced ? { hooks: [{ module: "hooks-otel" }] } : {}),
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

/** One of our sides: the plain session, or one with hooks-otel sending spans to `tracerProvider`. */
interface OurSide {
  readonly metric: string;
  readonly label: string;
  readonly tracerProvider?: TracerProviderApi;
  /** Drops what the side kept between runs (the in-memory exporter's spans). */
  readonly reset?: () => void;
}

function ourSides(): OurSide[] {
  const exporter = new InMemorySpanExporter();
  return [
    { metric: "turn.overhead_ratio_vs_ai_sdk", label: "session.execute, hooks, context-simple" },
    {
      metric: "turn.overhead_ratio_vs_ai_sdk.otel_noop",
      label: "with hooks-otel and a no-op tracer provider",
      // A proxy with no delegate: what the global provider is before a host registers an SDK.
      tracerProvider: new ProxyTracerProvider(),
    },
    {
      metric: "turn.overhead_ratio_vs_ai_sdk.otel_in_memory",
      label: "with hooks-otel, the SDK and its in-memory exporter",
      tracerProvider: new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }),
      reset: () => exporter.reset(),
    },
  ];
}

function ourTurn(side: OurSide) {
  const modules = {
    ...builtinModules,
    "tool-add": toolAdd,
    ...(side.tracerProvider ? { "hooks-otel": createHooksOtel({ tracerProvider: side.tracerProvider }) } : {}),
  };
  return async () => {
    side.reset?.();
    await using session = createSession(ourPlan(side.tracerProvider !== undefined), { modules });
    await session.initialize();
    const { value: answer, ...timing } = await timed(() => session.execute("Add the numbers step by step."));
    if (answer !== "The sums are done.") throw new Error(`ours: unexpected answer ${answer}`);
    return timing;
  };
}

export const turnVsAiSdk: Benchmark = {
  name: "turn.vs_ai_sdk",
  async run({ quick }) {
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
    const sides = ourSides();
    // Every side warmed up before any is timed: the later sides would otherwise meet a warmer AI SDK.
    for (let round = 0; round < (quick ? 1 : 20); round += 1) {
      for (const side of sides) {
        await ourTurn(side)();
        await theirs();
      }
    }
    const results: Record<string, ReturnType<typeof metric>> = {};
    for (const side of sides) {
      const samples = await paired(ourTurn(side), theirs, runs, quick ? 2 : 10);
      results[side.metric] = metric(
        median(samples.ratios),
        "ratio",
        runs,
        `median of per-pair ours/theirs over ${STEPS} model calls and ${STEPS - 1} tool calls; ours ${fixed(median(samples.ours))} ms (${side.label}), theirs ${fixed(median(samples.theirs))} ms (generateText); process-CPU ratio ${fixed(median(samples.cpuRatios))}`,
        { op: "<=", value: 1 },
      );
    }
    return results;
  },
};
