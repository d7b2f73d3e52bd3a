/**
 * A full session per provider: createSession with loop-streaming, context-simple, the real
 * provider module and a sandboxed third-party tool (QuickJS), against the replayed API. The model
 * asks for the tool, the loop runs it in its sandbox, the model answers with the result.
 */
import { describe, expect, it } from "vitest";
import { createSandboxes } from "../../../sandbox/create-sandboxes.ts";
import type { ModuleDefinition } from "../../../src/contracts.ts";
import { createSession } from "../../../src/index.ts";
import { contextSimple } from "../../../src/modules/context-simple/index.ts";
import { loopStreaming } from "../../../src/modules/loop-streaming/index.ts";
import { providerAnthropic } from "../../../src/modules/provider-anthropic/index.ts";
import { providerOpenAi } from "../../../src/modules/provider-openai/index.ts";
import { createWorkersAiProvider, providerWorkersAi } from "../../../src/modules/provider-workers-ai/index.ts";
import { EventRecorder } from "../../../src/testing/index.ts";
import { ANTHROPIC_KEY } from "../../fixtures/providers/anthropic.ts";
import type { Exchange } from "../../fixtures/providers/exchange.ts";
import * as fx from "../../fixtures/providers/session.ts";
import { ReplayBinding } from "./binding-replay.ts";
import { expectSent, withReplay } from "./harness.ts";
import type { Transport } from "./transport.ts";

const EVENTS = [
  "llm:request",
  "llm:response",
  "content_block:start",
  "content_block:delta",
  "content_block:end",
  "tool:post",
];

/** workers-ai with deterministic ids for the tool calls the model sends without one. */
const workersAiWithIds: ModuleDefinition = {
  ...providerWorkersAi,
  async mount(coordinator, config) {
    let ids = 0;
    const binding = coordinator.get_capability("cloudflare.ai") as ReplayBinding;
    const provider = createWorkersAiProvider(config, {
      hooks: coordinator.hooks,
      binding,
      newId: () => `call_fake_${++ids}`,
    });
    await coordinator.mount("providers", provider, { name: provider.name });
  },
};

async function runSession(
  wasmModule: WebAssembly.Module,
  provider: { module: string; config: Record<string, unknown> },
  modules: ModuleDefinition[],
  capabilities: Record<string, unknown> = {},
) {
  const plan = {
    session: { orchestrator: "loop-streaming", context: "context-simple" },
    providers: [provider],
    tools: [{ module: "tool-word-count", source: fx.WORD_COUNT_SOURCE, sandbox: { timeout_ms: 5000 } }],
  };
  await using sandboxes = createSandboxes({ wasmModule });
  const session = createSession(plan, {
    modules: [loopStreaming, contextSimple, ...modules],
    sandbox: sandboxes.loader,
    capabilities,
    sessionId: "provider-session",
  });
  const recorder = new EventRecorder();
  recorder.attach(session.coordinator.hooks, EVENTS);
  try {
    await session.initialize();
    expect(session.status().failedModules).toEqual([]);
    const answer = await session.execute(fx.PROMPT);
    const history = await session.coordinator.get("context")?.get_messages();
    return { answer, recorder, history };
  } finally {
    await session.cleanup();
  }
}

function expectTurn(result: Awaited<ReturnType<typeof runSession>>): void {
  expect(result.answer).toBe(fx.ANSWER);
  const { recorder } = result;
  expect(recorder.get_events("llm:request")).toHaveLength(2);
  expect(recorder.get_events("llm:response").map((event) => event.data.status)).toEqual(["ok", "ok"]);
  expect(recorder.get_events("tool:post")[0]?.data).toMatchObject({
    tool_name: "word_count",
    result: { success: true },
  });
  const deltas = recorder
    .get_events("content_block:delta")
    .filter((event) => event.data.block_type === "text")
    .map((event) => event.data.delta);
  expect(deltas.join("")).toBe(fx.ANSWER);
  expect(result.history?.map((message) => message.role)).toEqual(["user", "assistant", "tool", "assistant"]);
}

/** Registers the suite. */
export function registerProviderSessionSuite(
  transport: Transport,
  loadWasm: () => Promise<WebAssembly.Module>,
  runtime: string,
): void {
  describe(`a session with loop-streaming, each provider and a sandboxed tool (${runtime})`, () => {
    it("provider-anthropic: tool_use streamed, the sandboxed tool run, the answer streamed", async () => {
      const wasm = await loadWasm();
      await withReplay(transport, fx.anthropicSession, async (replay) => {
        const config = { api_key: ANTHROPIC_KEY, base_url: replay.baseUrl, max_tokens: 1024, ...fetchOf(replay) };
        const result = await runSession(wasm, { module: "provider-anthropic", config }, [providerAnthropic]);
        expectSent(replay, fx.anthropicSession);
        expectTurn(result);
      });
    });

    it("provider-openai against a compatible server: tool_calls streamed, the sandboxed tool run, the answer streamed", async () => {
      const wasm = await loadWasm();
      await withReplay(transport, fx.openAiSession, async (replay) => {
        const config = { base_url: `${replay.baseUrl}/v1`, model: fx.LOCAL_MODEL, ...fetchOf(replay) };
        const result = await runSession(wasm, { module: "provider-openai", config }, [providerOpenAi]);
        expectSent(replay, fx.openAiSession as Exchange[]);
        expectTurn(result);
      });
    });

    it("provider-workers-ai through the cloudflare.ai capability: a whole tool call, the sandboxed tool run, the answer streamed", async () => {
      const binding = new ReplayBinding(fx.workersAiSession);
      const result = await runSession(
        await loadWasm(),
        { module: "provider-workers-ai", config: { max_tokens: 1024 } },
        [workersAiWithIds],
        { "cloudflare.ai": binding },
      );
      expect(binding.calls.map((call) => call.inputs)).toEqual(fx.workersAiSession.map((run) => run.inputs));
      expectTurn(result);
    });
  });
}

function fetchOf(replay: { fetch?: unknown }): Record<string, unknown> {
  return replay.fetch ? { fetch: replay.fetch } : {};
}
