/** The provider-workers-ai suite: the binding replayed from transcripts, in any runtime. */
import { describe, expect, it } from "vitest";
import { KernelError } from "../../../src/errors.ts";
import type { ChatRequest, StreamEvent } from "../../../src/models/index.ts";
import { getLLMErrorData } from "../../../src/models/llm-error.ts";
import { createWorkersAiProvider, providerWorkersAi } from "../../../src/modules/provider-workers-ai/index.ts";
import { MockCoordinator } from "../../../src/testing/index.ts";
import * as fx from "../../fixtures/providers/workers-ai.ts";
import { ReplayBinding } from "./binding-replay.ts";
import { collect, collectUntilError, EventLog, FakeTime, rejection } from "./harness.ts";

function setup(runs: fx.BindingRun[], config: Record<string, unknown> = {}) {
  const binding = new ReplayBinding(runs);
  const log = new EventLog();
  const time = new FakeTime();
  let ids = 0;
  const provider = createWorkersAiProvider(
    { binding, max_tokens: 1024, ...config },
    { hooks: log, sleep: time.sleep, random: time.random, now: time.now, newId: () => `call_fake_${++ids}` },
  );
  return { provider, binding, log, time };
}

/** Asserts the binding was called exactly as the transcript says. */
function expectRuns(binding: ReplayBinding, runs: readonly fx.BindingRun[]): void {
  expect(binding.calls.length, "number of run() calls").toBe(runs.length);
  runs.forEach((run, index) => {
    expect(binding.calls[index]?.model, `run #${index} model`).toBe(run.model);
    expect(binding.calls[index]?.inputs, `run #${index} inputs`).toEqual(run.inputs);
  });
}

async function completeWith(runs: fx.BindingRun[], request: ChatRequest, config = {}) {
  const context = setup(runs, config);
  const response = await context.provider.complete(request);
  expectRuns(context.binding, runs);
  return { ...context, response };
}

type Done = Extract<StreamEvent, { type: "done" }>;

/** Registers the suite; `runtime` names where it runs. */
export function registerWorkersAiSuite(runtime: string): void {
  describe(`provider-workers-ai (${runtime})`, () => {
    describe("complete()", () => {
      it("calls run() with the messages and max_tokens, and reads response and usage", async () => {
        const { response, log } = await completeWith([fx.textRun], fx.textRequest);
        expect(response).toMatchObject({
          content: [{ type: "text", text: "Hello!" }],
          finish_reason: "stop",
          usage: { input_tokens: 20, output_tokens: 3, total_tokens: 23 },
        });
        expect(log.names()).toEqual(["llm:request", "llm:response"]);
        expect(log.of("llm:response")[0]).toMatchObject({ provider: "workers-ai", model: fx.LLAMA, status: "ok" });
      });

      it("sends tools and the named tool result, and gives flat tool calls without ids an id", async () => {
        const { response, provider } = await completeWith([fx.toolRun], fx.toolRequest);
        expect(response.tool_calls).toEqual([{ id: "call_fake_1", name: "get_weather", arguments: { city: "Rome" } }]);
        expect(await provider.parse_tool_calls(response)).toEqual(response.tool_calls);
        expect(response.finish_reason).toBe("tool_calls");
      });

      it("reads OpenAI-shaped tool calls with their ids and JSON-text arguments", async () => {
        const { response } = await completeWith([fx.scoutToolRun], fx.toolRequest, { model: fx.SCOUT });
        expect(response.tool_calls).toEqual([
          { id: "chatcmpl-tool-8c1e", name: "get_weather", arguments: { city: "Oslo" } },
        ]);
      });

      it("leaves tools out for a model without tool calling and reports the degradation", async () => {
        const { response } = await completeWith(
          [fx.noToolsRun],
          { messages: [{ role: "user", content: "Weather in Paris, then Rome?" }], tools: fx.toolRequest.tools },
          { model: fx.QWQ },
        );
        expect(response.degradation).toEqual({
          requested: "1 tools",
          actual: "no tools",
          reason: `${fx.QWQ} does not support tool calling`,
        });
      });

      it("uses JSON mode for response_format and returns an object answer as JSON text", async () => {
        const { response } = await completeWith([fx.jsonRun], fx.jsonRequest);
        expect(JSON.parse(response.text ?? "")).toEqual({ city: "Lyon" });
      });
    });

    describe("stream()", () => {
      it("yields response deltas, usage and done", async () => {
        const { provider, binding } = setup([fx.streamTextRun]);
        const events = await collect(provider.stream!(fx.textRequest));
        expectRuns(binding, [fx.streamTextRun]);
        expect(events).toEqual([
          { type: "text_delta", index: 0, text: "Hel" },
          { type: "text_delta", index: 0, text: "lo!" },
          { type: "usage", usage: { input_tokens: 20, output_tokens: 3, total_tokens: 23 } },
          expect.objectContaining({ type: "done" }),
        ]);
        expect((events.at(-1) as Done).response.text).toBe("Hello!");
      });

      it("streams tool-call deltas as start / argument deltas / end", async () => {
        const { provider, binding } = setup([fx.streamToolDeltasRun], { model: fx.SCOUT });
        const events = await collect(provider.stream!(fx.toolRequest));
        expectRuns(binding, [fx.streamToolDeltasRun]);
        expect(events.filter((event) => event.type.startsWith("tool_call"))).toEqual([
          { type: "tool_call_start", index: 1, id: "chatcmpl-tool-1", name: "get_weather" },
          { type: "tool_call_delta", index: 1, id: "chatcmpl-tool-1", arguments_delta: '{"city":' },
          { type: "tool_call_delta", index: 1, id: "chatcmpl-tool-1", arguments_delta: '"Rome"}' },
          { type: "tool_call_end", index: 1, id: "chatcmpl-tool-1", arguments: { city: "Rome" } },
        ]);
        expect((events.at(-1) as Done).response.tool_calls).toEqual([
          { id: "chatcmpl-tool-1", name: "get_weather", arguments: { city: "Rome" } },
        ]);
      });

      it("streams a whole tool call after text, giving it an id", async () => {
        const { provider } = setup([fx.streamToolWholeRun]);
        const events = await collect(provider.stream!(fx.toolRequest));
        const done = events.at(-1) as Done;
        expect(done.response.content).toEqual([
          { type: "text", text: "Checking. " },
          { type: "tool_call", id: "call_fake_1", name: "get_weather", input: { city: "Rome" } },
        ]);
        expect(done.response.finish_reason).toBe("tool_calls");
      });

      it("reports a stream cut mid-way and one that ends without [DONE]", async () => {
        for (const run of [fx.streamCutRun, fx.streamIncompleteRun]) {
          const { provider } = setup([run]);
          const { items, error } = await collectUntilError(provider.stream!(fx.textRequest));
          expect(items).toHaveLength(2);
          expect(getLLMErrorData(error)).toMatchObject({ kind: "stream", retryable: true, provider: "workers-ai" });
        }
      });

      it("cancels the binding's stream when the caller aborts", async () => {
        const { provider, binding } = setup([fx.streamHeldRun]);
        const controller = new AbortController();
        const received: StreamEvent[] = [];
        const error = await rejection(
          (async () => {
            for await (const event of provider.stream!(fx.textRequest, { signal: controller.signal })) {
              received.push(event);
              controller.abort();
            }
          })(),
        );
        expect(received).toEqual([{ type: "text_delta", index: 0, text: "Hel" }]);
        expect(KernelError.is(error, "cancelled")).toBe(true);
        await binding.cancelled(0);
      });
    });

    describe("errors and retries", () => {
      it("retries 3040 capacity errors with backoff, then succeeds", async () => {
        const { response, time, log } = await completeWith([fx.capacityRun, fx.textRun], fx.textRequest);
        expect(response.text).toBe("Hello!");
        expect(time.sleeps).toEqual([750]);
        expect(log.of("provider:retry")[0]).toMatchObject({
          attempt: 1,
          error: { type: "ProviderUnavailableError", kind: "unavailable" },
        });
      });

      it("maps 5007 to not_found and 3036 to quota_exceeded, without retrying", async () => {
        for (const [run, kind] of [
          [fx.noSuchModelRun, "not_found"],
          [fx.quotaRun, "quota_exceeded"],
        ] as const) {
          const { provider, binding, time } = setup([run]);
          const error = await rejection(provider.complete(fx.textRequest));
          expect(getLLMErrorData(error)).toMatchObject({
            kind,
            retryable: false,
            provider: "workers-ai",
            model: fx.LLAMA,
          });
          expect(binding.calls).toHaveLength(1);
          expect(time.sleeps).toEqual([]);
        }
      });
    });

    describe("module", () => {
      it("mounts with the binding from the cloudflare.ai capability, and fails loudly without one", async () => {
        const binding = new ReplayBinding([fx.textRun]);
        const coordinator = new MockCoordinator();
        coordinator.register_capability("cloudflare.ai", binding);
        await providerWorkersAi.mount(coordinator, { max_tokens: 1024 });
        const provider = coordinator.get("providers", "workers-ai");
        expect((await provider!.complete(fx.textRequest)).text).toBe("Hello!");
        const error = await rejection(providerWorkersAi.mount(new MockCoordinator(), {}));
        expect(KernelError.is(error, "invalid_config")).toBe(true);
        expect((error as Error).message).toContain("config.binding is required");
      });

      it("lists its models with context windows and output limits", async () => {
        const { provider } = setup([]);
        const models = await provider.list_models();
        expect(models.find((model) => model.id === fx.LLAMA)).toMatchObject({
          context_window: 24_000,
          max_output_tokens: 4096,
        });
        expect(await provider.get_model_info!()).toMatchObject({ id: fx.LLAMA, context_window: 24_000 });
      });
    });
  });
}
