/**
 * hooks-otel, read back through the OpenTelemetry SDK's in-memory exporter: the span tree and the
 * GenAI attributes of real turns (a real session, provider-mock, hooks-approval, context-simple
 * compacting, a sandboxed tool killed by its time limit), run in node and in workerd.
 */
import { ProxyTracerProvider } from "@opentelemetry/api";
import { AlwaysOffSampler } from "@opentelemetry/sdk-trace";
import { describe, expect, it } from "vitest";
import { ModuleCoordinator } from "../../../src/coordinator.ts";
import { KernelError } from "../../../src/errors.ts";
import type { Message } from "../../../src/models/index.ts";
import { AMPLIFIER, createHooksOtel, ERROR_TYPE, GEN_AI, SPAN_EVENT } from "../../../src/modules/hooks-otel/index.ts";
import type { MountPlanInput } from "../../../src/plan/schema.ts";
import { ScriptedApproval } from "../../../src/testing/index.ts";
import {
  durationMs,
  only,
  shapeOf,
  spanTrees,
  TestClock,
  tracedSession,
  type WasmSource,
} from "./hooks-otel-harness.ts";

/** A sandboxed tool that never returns: its sandbox is killed at its time limit. */
const SPIN_TOOL = `
export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "spin",
    description: "Never returns.",
    input_schema: { type: "object", properties: {} },
    async execute() { for (;;) {} },
  }, { name: "spin" });
}`;

/** An earlier conversation long enough that the first model call of the turn is compacted. */
function longHistory(): Message[] {
  return Array.from({ length: 24 }, (_, index) => ({
    role: index % 2 === 0 ? ("user" as const) : ("assistant" as const),
    content: `Earlier message ${index}: ${"the quick brown fox jumps over the lazy dog ".repeat(12)}`,
  }));
}

const usage = (input: number, output: number) => ({ input_tokens: input, output_tokens: output });

function fullTurnPlan(): MountPlanInput {
  return {
    session: { orchestrator: "loop-basic", context: "context-simple" },
    providers: [
      {
        module: "provider-mock",
        config: {
          context_window: 3_000,
          max_output_tokens: 200,
          when_exhausted: "error",
          script: [
            {
              text: "Let me calculate.",
              tool_calls: [{ id: "call_calc", name: "calculator", arguments: { expression: "6 * 7" } }],
              usage: usage(900, 20),
              response_id: "resp_1",
            },
            {
              tool_calls: [{ id: "call_spin", name: "spin", arguments: {} }],
              usage: usage(950, 10),
              response_id: "resp_2",
            },
            { text: "6 * 7 = 42, and the spinner was stopped.", usage: usage(990, 15), response_id: "resp_3" },
          ],
        },
      },
    ],
    tools: [
      { module: "tool-calculator" },
      { module: "tool-spin", source: { inline: SPIN_TOOL }, sandbox: { timeout_ms: 200, restarts: 0 } },
    ],
    hooks: [{ module: "hooks-approval", config: { tools: ["calculator"] } }, { module: "hooks-otel" }],
  };
}

/** Registers the hooks-otel tests; `wasm` compiles QuickJS in the runtime under test. */
export function registerHooksOtelSuite(wasm: WasmSource): void {
  describe("hooks-otel", () => {
    it("traces a turn with two tool calls, an approval, a sandbox kill and a compaction as one span tree with GenAI attributes", async () => {
      const clock = new TestClock();
      const approval = new ScriptedApproval(() => {
        clock.advance(1_500);
        return "Allow once";
      });
      await using traced = await tracedSession(fullTurnPlan(), { approval, wasm, clock });
      const { session, exporter } = traced;
      await session.initialize();
      await session.coordinator.get("context")?.set_messages(longHistory());
      const answer = await session.execute("What is 6 * 7? Then spin.");
      expect(answer).toBe("6 * 7 = 42, and the spinner was stopped.");

      const spans = exporter.getFinishedSpans();
      const [tree, ...others] = spanTrees(spans);
      expect(others).toEqual([]);
      expect(shapeOf(tree!)).toEqual({
        "invoke_agent amplifier": [
          "compaction",
          "chat mock-model",
          { "execute_tool calculator": ["approval calculator"] },
          "compaction",
          "chat mock-model",
          "execute_tool spin",
          "compaction",
          "chat mock-model",
        ],
      });
      const traceIds = new Set(spans.map((span) => span.spanContext().traceId));
      expect(traceIds.size).toBe(1);

      const turn = only(spans, "invoke_agent amplifier");
      expect(turn.attributes).toMatchObject({
        [GEN_AI.OPERATION_NAME]: "invoke_agent",
        [GEN_AI.AGENT_NAME]: "amplifier",
        [GEN_AI.CONVERSATION_ID]: session.sessionId,
        [AMPLIFIER.TURN_STATUS]: "success",
        [GEN_AI.USAGE_INPUT_TOKENS]: 900 + 950 + 990,
        [GEN_AI.USAGE_OUTPUT_TOKENS]: 20 + 10 + 15,
      });
      expect(turn.attributes[GEN_AI.INPUT_MESSAGES]).toBeUndefined();

      const chats = tree!.children.filter((node) => node.name === "chat mock-model").map((node) => node.span);
      expect(chats.map((chat) => chat.attributes)).toEqual(
        [
          ["resp_1", 900, 20, "tool_use"],
          ["resp_2", 950, 10, "tool_use"],
          ["resp_3", 990, 15, "end_turn"],
        ].map(([id, input, output, finish], index) =>
          expect.objectContaining({
            [GEN_AI.OPERATION_NAME]: "chat",
            [GEN_AI.PROVIDER_NAME]: "mock",
            [GEN_AI.REQUEST_MODEL]: "mock-model",
            [GEN_AI.REQUEST_STREAM]: false,
            [GEN_AI.RESPONSE_MODEL]: "mock-model",
            [GEN_AI.RESPONSE_ID]: id,
            [GEN_AI.RESPONSE_FINISH_REASONS]: [finish],
            [GEN_AI.USAGE_INPUT_TOKENS]: input,
            [GEN_AI.USAGE_OUTPUT_TOKENS]: output,
            [AMPLIFIER.ITERATION]: index + 1,
          }),
        ),
      );
      expect(chats.every((chat) => chat.kind === 2 /* CLIENT */)).toBe(true);

      const calculator = only(spans, "execute_tool calculator");
      expect(calculator.attributes).toMatchObject({
        [GEN_AI.OPERATION_NAME]: "execute_tool",
        [GEN_AI.TOOL_NAME]: "calculator",
        [GEN_AI.TOOL_CALL_ID]: "call_calc",
        [GEN_AI.TOOL_TYPE]: "function",
        [AMPLIFIER.TOOL_SUCCESS]: true,
      });
      expect(calculator.attributes[GEN_AI.TOOL_CALL_ARGUMENTS]).toBeUndefined();
      const asked = only(spans, "approval calculator");
      expect(asked.attributes).toMatchObject({
        [GEN_AI.TOOL_CALL_ID]: "call_calc",
        [AMPLIFIER.APPROVAL_DECISION]: "Allow once",
        [AMPLIFIER.APPROVAL_GRANTED]: true,
        [AMPLIFIER.APPROVAL_REMEMBERED]: false,
      });
      // The user took 1.5 s (plus the clock's 1 ms step per read).
      const waited = asked.attributes[AMPLIFIER.APPROVAL_WAIT_MS] as number;
      expect(waited).toBeGreaterThanOrEqual(1_500);
      expect(waited).toBeLessThan(1_510);
      expect(durationMs(asked)).toBe(waited);
      expect(durationMs(calculator)).toBeGreaterThanOrEqual(1_500);

      const spin = only(spans, "execute_tool spin");
      expect(spin.attributes).toMatchObject({
        [GEN_AI.TOOL_CALL_ID]: "call_spin",
        [AMPLIFIER.TOOL_SUCCESS]: false,
        [ERROR_TYPE]: "sandbox_timeout",
      });
      expect(spin.status.code).toBe(2 /* ERROR */);
      expect(spin.events.map((event) => [event.name, event.attributes])).toEqual([
        [
          SPAN_EVENT.SANDBOX_KILLED,
          expect.objectContaining({ [AMPLIFIER.MODULE_ID]: "tool-spin", [AMPLIFIER.SANDBOX_REASON]: "timeout" }),
        ],
      ]);

      const compactions = spans.filter((span) => span.name === "compaction");
      for (const compaction of compactions) {
        const before = compaction.attributes[AMPLIFIER.COMPACTION_BEFORE_TOKENS] as number;
        const after = compaction.attributes[AMPLIFIER.COMPACTION_AFTER_TOKENS] as number;
        expect(after).toBeLessThan(before);
        expect((compaction.attributes[AMPLIFIER.COMPACTION_LEVELS] as number[]).length).toBeGreaterThan(0);
        expect(compaction.attributes[AMPLIFIER.COMPACTION_BEFORE_MESSAGES]).toBeGreaterThan(
          compaction.attributes[AMPLIFIER.COMPACTION_AFTER_MESSAGES] as number,
        );
      }
      // The history itself is never compacted: only the view sent to the model is.
      expect((await session.coordinator.get("context")?.get_messages())?.length).toBe(24 + 1 + 2 + 2 + 1);
    });

    for (const loop of ["loop-basic", "loop-streaming"] as const) {
      it(`records content only when the plan opts in, masked by hooks-redaction's rules (${loop})`, async () => {
        const plan = (config: Record<string, unknown>) => ({
          session: { orchestrator: loop, context: "context-simple" },
          providers: [
            {
              module: "provider-mock",
              config: {
                script: [
                  { tool_calls: [{ id: "call_1", name: "calculator", arguments: { expression: "2 + 2" } }] },
                  { text: "It is 4. Your key sk-ant-abcdefghijklmnopqrstuvwx is safe with me." },
                ],
              },
            },
          ],
          tools: [{ module: "tool-calculator" }],
          hooks: [{ module: "hooks-otel", config }],
        });
        const prompt = "My password is hunter22. What is 2 + 2?";
        {
          await using traced = await tracedSession(
            plan({ capture_content: true, redaction: { literals: ["hunter22"] } }),
          );
          await traced.session.execute(prompt);
          const spans = traced.exporter.getFinishedSpans();
          const all = JSON.stringify(spans.map((span) => span.attributes));
          expect(all).not.toContain("hunter22");
          expect(all).not.toContain("sk-ant-abcdefghijklmnopqrstuvwx");
          const turn = only(spans, "invoke_agent amplifier");
          expect(JSON.parse(turn.attributes[GEN_AI.INPUT_MESSAGES] as string)).toEqual([
            { role: "user", parts: [{ type: "text", content: "My password is [REDACTED]. What is 2 + 2?" }] },
          ]);
          const [first, second] = spans.filter((span) => span.name === "chat mock-model");
          expect(JSON.parse(first!.attributes[GEN_AI.OUTPUT_MESSAGES] as string)).toEqual([
            {
              role: "assistant",
              parts: [{ type: "tool_call", id: "call_1", name: "calculator", arguments: { expression: "2 + 2" } }],
              finish_reason: "tool_use",
            },
          ]);
          expect(JSON.parse(second!.attributes[GEN_AI.OUTPUT_MESSAGES] as string)).toEqual([
            {
              role: "assistant",
              parts: [{ type: "text", content: "It is 4. Your key [REDACTED] is safe with me." }],
              finish_reason: "end_turn",
            },
          ]);
          const tool = only(spans, "execute_tool calculator");
          expect(JSON.parse(tool.attributes[GEN_AI.TOOL_CALL_ARGUMENTS] as string)).toEqual({ expression: "2 + 2" });
          expect(tool.attributes[GEN_AI.TOOL_CALL_RESULT]).toBe("4");
        }
        {
          await using traced = await tracedSession(plan({}));
          await traced.session.execute(prompt);
          const spans = traced.exporter.getFinishedSpans();
          expect(spans.length).toBe(4);
          const recorded = spans.flatMap((span) => Object.keys(span.attributes));
          for (const key of [
            GEN_AI.INPUT_MESSAGES,
            GEN_AI.OUTPUT_MESSAGES,
            GEN_AI.TOOL_CALL_ARGUMENTS,
            GEN_AI.TOOL_CALL_RESULT,
          ]) {
            expect(recorded).not.toContain(key);
          }
        }
      });
    }

    it("ends a call the user refused with error.type approval_denied, and its approval span with the answer", async () => {
      const plan = {
        session: { orchestrator: "loop-basic", context: "context-simple" },
        providers: [
          {
            module: "provider-mock",
            config: {
              script: [
                { tool_calls: [{ id: "call_1", name: "calculator", arguments: { expression: "1 + 1" } }] },
                { text: "Understood, I will not calculate." },
              ],
            },
          },
        ],
        tools: [{ module: "tool-calculator" }],
        hooks: [{ module: "hooks-approval", config: { tools: ["calculator"] } }, { module: "hooks-otel" }],
      };
      await using traced = await tracedSession(plan, { approval: new ScriptedApproval("Deny") });
      await traced.session.execute("What is 1 + 1?");
      const spans = traced.exporter.getFinishedSpans();
      expect(shapeOf(spanTrees(spans)[0]!)).toEqual({
        "invoke_agent amplifier": [
          "chat mock-model",
          { "execute_tool calculator": ["approval calculator"] },
          "chat mock-model",
        ],
      });
      const tool = only(spans, "execute_tool calculator");
      expect(tool.attributes).toMatchObject({
        [ERROR_TYPE]: "approval_denied",
        [AMPLIFIER.ENDED_BY]: "next_model_call",
      });
      expect(tool.status.code).toBe(2);
      expect(only(spans, "approval calculator").attributes).toMatchObject({
        [AMPLIFIER.APPROVAL_GRANTED]: false,
        [AMPLIFIER.APPROVAL_DECISION]: "Deny",
      });
    });

    it("marks a failed model call with the error's class and the turn as failed", async () => {
      const plan = {
        session: { orchestrator: "loop-basic", context: "context-simple" },
        providers: [
          { module: "provider-mock", config: { script: [{ error: { kind: "rate_limit", retryable: false } }] } },
        ],
        hooks: [{ module: "hooks-otel" }],
      };
      await using traced = await tracedSession(plan);
      const failure = await traced.session.execute("Hello?").catch((error: unknown) => error);
      expect(KernelError.is(failure)).toBe(true);
      const spans = traced.exporter.getFinishedSpans();
      const chat = only(spans, "chat mock-model");
      expect(chat.attributes[ERROR_TYPE]).toBe("RateLimitError");
      expect(chat.status.code).toBe(2);
      const turn = only(spans, "invoke_agent amplifier");
      expect(turn.attributes).toMatchObject({ [AMPLIFIER.TURN_STATUS]: "error", [ERROR_TYPE]: "execution_failed" });
    });

    it("continues a parent's trace in a child session spawned by tool-task, inside the task call's span", async () => {
      const plan = {
        session: { orchestrator: "loop-basic", context: "context-simple" },
        providers: [
          {
            module: "provider-mock",
            config: {
              script: [
                {
                  tool_calls: [
                    { id: "call_task", name: "task", arguments: { instruction: "Say hi.", agent: "helper" } },
                  ],
                },
                { text: "The helper said hi." },
              ],
            },
          },
        ],
        tools: [{ module: "tool-task" }],
        hooks: [{ module: "hooks-otel" }],
        agents: {
          // A second provider for the child, picked first there (lower priority runs first).
          helper: {
            providers: [
              {
                module: "provider-mock",
                instance_id: "helper",
                config: { name: "helper", model: "helper-model", priority: 1, script: [{ text: "hi" }] },
              },
            ],
          },
        },
      };
      await using traced = await tracedSession(plan);
      expect(await traced.session.execute("Ask the helper.")).toBe("The helper said hi.");
      const spans = traced.exporter.getFinishedSpans();
      const trees = spanTrees(spans);
      expect(trees.map(shapeOf)).toEqual([
        {
          "invoke_agent amplifier": [
            "chat mock-model",
            { "execute_tool task": [{ "invoke_agent amplifier": ["chat helper-model"] }] },
            "chat mock-model",
          ],
        },
      ]);
      const child = trees[0]!.children[1]!.children[0]!.span;
      expect(child.attributes[AMPLIFIER.PARENT_SESSION_ID]).toBe(traced.session.sessionId);
      expect(child.attributes[GEN_AI.CONVERSATION_ID]).not.toBe(traced.session.sessionId);
    });

    it("exports nothing while the provider records nothing, and the turn runs as before", async () => {
      const plan = {
        session: { orchestrator: "loop-basic", context: "context-simple" },
        providers: [{ module: "provider-mock", config: { script: [{ text: "fine" }] } }],
        hooks: [{ module: "hooks-otel" }],
      };
      await using traced = await tracedSession(plan, { sampler: new AlwaysOffSampler() });
      expect(await traced.session.execute("Hello?")).toBe("fine");
      expect(traced.exporter.getFinishedSpans()).toEqual([]);
    });

    it("with no SDK behind the global provider, watches a turn's first event only, until one is registered", async () => {
      const plan = {
        session: { orchestrator: "loop-basic", context: "context-simple" },
        providers: [{ module: "provider-mock", config: { script: [{ text: "one" }, { text: "two" }] } }],
        hooks: [{ module: "hooks-otel" }],
      };
      // What `trace.getTracerProvider()` is before a host registers an SDK.
      const global = new ProxyTracerProvider();
      await using traced = await tracedSession(plan, { tracerProvider: global });
      const watched = () =>
        Object.entries(traced.session.coordinator.hooks.list_handlers())
          .filter(([, names]) => names.some((name) => name.startsWith("hooks-otel:")))
          .map(([event]) => event);
      expect(await traced.session.execute("Hello?")).toBe("one");
      // The turn's other emits (provider:request, tool:pre, ...) do not pay for tracing.
      expect(watched()).toContain("execution:start");
      expect(watched()).not.toContain("provider:request");
      expect(traced.exporter.getFinishedSpans()).toEqual([]);

      global.setDelegate(traced.provider);
      expect(await traced.session.execute("Again?")).toBe("two");
      expect(watched()).toContain("provider:request");
      expect(spanTrees(traced.exporter.getFinishedSpans()).map(shapeOf)).toEqual([
        { "invoke_agent amplifier": ["chat mock-model"] },
      ]);
    });

    it("records a policy violation between turns as a span of its own; a sandbox start at mount is not traced", async () => {
      const plan = {
        session: { orchestrator: "loop-basic", context: "context-simple" },
        providers: [{ module: "provider-mock" }],
        tools: [{ module: "tool-spin", source: { inline: SPIN_TOOL } }],
        hooks: [{ module: "hooks-otel" }],
      };
      await using traced = await tracedSession(plan, { wasm });
      await traced.session.initialize();
      await traced.session.coordinator.hooks.emit("policy:violation", {
        module: "tool-spin",
        capability: "network",
        action: "fetch",
        target: "https://example.com/",
        reason: "host not granted",
      });
      const spans = traced.exporter.getFinishedSpans();
      expect(spans.map((span) => [span.name, span.attributes])).toEqual([
        [
          SPAN_EVENT.POLICY_VIOLATION,
          {
            [AMPLIFIER.MODULE_ID]: "tool-spin",
            [AMPLIFIER.POLICY_CAPABILITY]: "network",
            [AMPLIFIER.POLICY_ACTION]: "fetch",
            [AMPLIFIER.POLICY_TARGET]: "https://example.com/",
            [AMPLIFIER.POLICY_REASON]: "host not granted",
            [GEN_AI.CONVERSATION_ID]: traced.session.sessionId,
          },
        ],
      ]);
    });

    it("refuses a bad config with invalid_config naming the path", async () => {
      const failure = await createHooksOtel()
        .mount(new ModuleCoordinator(), { capture_content: "yes", max_content_chars: 0 })
        .catch((error: unknown) => error);
      expect(KernelError.is(failure, "invalid_config")).toBe(true);
      expect((failure as Error).message).toMatch(/config\.capture_content/);
      expect((failure as Error).message).toMatch(/config\.max_content_chars/);
    });
  });
}
