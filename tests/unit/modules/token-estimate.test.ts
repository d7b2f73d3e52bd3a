/**
 * The token estimate against real tokenizers (gpt-tokenizer's o200k and cl100k, a devDependency
 * used for reference counts only) on English, Chinese, Japanese, Korean, code, JSON and base64,
 * and the calibration loop: a provider whose server reports real input tokens, the context that
 * scales its estimate by what the provider learned. The bound this file holds: after one
 * calibrated turn, the estimate is within ±20 % of the count the provider reports, for every script.
 */
import { countTokens as cl100k } from "gpt-tokenizer/encoding/cl100k_base";
import { countTokens as o200k } from "gpt-tokenizer/encoding/o200k_base";
import { describe, expect, it } from "vitest";
import type { ContextManager, Provider } from "../../../src/contracts.ts";
import { ModuleCoordinator } from "../../../src/coordinator.ts";
import type { Message } from "../../../src/models/index.ts";
import compactionSource from "../../../src/modules/context/compaction.ts?raw";
import { contextSimple } from "../../../src/modules/context-simple/index.ts";
import { createOpenAiProvider } from "../../../src/modules/provider-openai/index.ts";
import retrySource from "../../../src/modules/providers-shared/retry.ts?raw";
import { estimateRequestTokens, estimateTextTokens } from "../../../src/modules/shared/token-estimate.ts";
import { EventRecorder } from "../../../src/testing/index.ts";
import toolRunner from "../../fixtures/provider-wire/anthropic/sdk-toolrunner-parallel.json?raw";
import openAiText from "../../fixtures/provider-wire/openai/openai-text.json?raw";
import chinese from "../../fixtures/tokens/chinese.txt?raw";
import english from "../../fixtures/tokens/english.txt?raw";
import japanese from "../../fixtures/tokens/japanese.txt?raw";
import korean from "../../fixtures/tokens/korean.txt?raw";

type Tokenizer = (text: string) => number;

/** Bytes from a fixed linear congruential generator, base64-encoded: random text, the same every run. */
function base64Of(length: number, seed: number): string {
  let state = seed;
  const bytes = new Uint8Array(length);
  for (let index = 0; index < length; index++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    bytes[index] = (state >>> 16) & 0xff;
  }
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

const halves = (text: string): [string, string] => text.split("\n---\n") as [string, string];

/** Two texts per script: the first turn calibrates, the second is measured. */
const SCRIPTS: Record<string, [string, string]> = {
  english: halves(english),
  chinese: halves(chinese),
  japanese: halves(japanese),
  korean: halves(korean),
  code: [compactionSource, retrySource],
  json: [openAiText, JSON.stringify(JSON.parse(toolRunner))],
  base64: [base64Of(1200, 7), base64Of(900, 11)],
};

/** A fake OpenAI-compatible server (injected fetch, no socket) that reports real input tokens. */
function reportingServer(count: Tokenizer) {
  return async (_url: string, init: RequestInit): Promise<Response> => {
    const body = JSON.parse(String(init.body)) as { messages: { content: unknown }[] };
    // Chat formats charge about four tokens of framing per message and three for the reply.
    const prompt_tokens =
      3 +
      body.messages.reduce((sum, message) => {
        const text = typeof message.content === "string" ? message.content : JSON.stringify(message.content ?? "");
        return sum + 4 + count(text);
      }, 0);
    const answer = {
      id: "chatcmpl-1",
      model: "fake",
      choices: [{ index: 0, message: { role: "assistant", content: "Noted." }, finish_reason: "stop" }],
      usage: { prompt_tokens, completion_tokens: 2, total_tokens: prompt_tokens + 2 },
    };
    return new Response(JSON.stringify(answer), { status: 200, headers: { "content-type": "application/json" } });
  };
}

function setup(count: Tokenizer, window = 128_000) {
  const provider = createOpenAiProvider({
    base_url: "http://127.0.0.1:9/v1",
    model: "fake",
    context_window: window,
    max_output_tokens: 1000,
    fetch: reportingServer(count),
  });
  return provider;
}

async function mountContext(config: Record<string, unknown> = {}) {
  const coordinator = new ModuleCoordinator({ sessionId: "tokens" });
  const recorder = new EventRecorder();
  recorder.attach(coordinator.hooks);
  await contextSimple.mount(coordinator, config);
  return { context: coordinator.get("context") as ContextManager, recorder };
}

/** Two turns of one script: returns the estimate of the second request (before and after calibration) and its real count. */
async function twoTurns(count: Tokenizer, [first, second]: [string, string]) {
  const provider = setup(count);
  const { context } = await mountContext();
  await context.add_message({ role: "user", content: first });
  const answer = await provider.complete({ messages: await context.get_messages_for_request({ provider }) });
  await context.add_message({ role: "assistant", content: answer.content });
  await context.add_message({ role: "user", content: second });
  const view = await context.get_messages_for_request({ provider });
  const estimate = estimateRequestTokens({ messages: view });
  const calibrated = estimate * provider.get_token_ratio!();
  const reported = (await provider.complete({ messages: view })).usage!.input_tokens;
  return { uncalibrated: estimate / reported - 1, calibrated: calibrated / reported - 1 };
}

describe("token estimates", () => {
  it("chars/4 is far off for CJK and base64 (the defect), the script-aware estimate within ±15 % of o200k on every fixture", () => {
    for (const [script, texts] of Object.entries(SCRIPTS)) {
      for (const text of texts) {
        const real = o200k(text);
        expect(Math.abs(estimateTextTokens(text) / real - 1), `${script}: estimate vs o200k`).toBeLessThanOrEqual(0.15);
        if (["chinese", "japanese", "base64"].includes(script)) {
          expect(Math.ceil(text.length / 4) / real, `${script}: chars/4 vs o200k`).toBeLessThan(0.5);
        }
      }
    }
  });

  for (const [name, count] of [
    ["o200k", o200k],
    ["cl100k", cl100k],
  ] as const) {
    it(`after one calibrated turn the estimate is within ±20 % of what the provider reports, every script (${name})`, async () => {
      for (const [script, texts] of Object.entries(SCRIPTS)) {
        const { calibrated } = await twoTurns(count, texts);
        expect(Math.abs(calibrated), `${script}: calibrated error`).toBeLessThanOrEqual(0.2);
      }
    });
  }

  it("calibration fixes what the estimate alone gets wrong: Japanese under cl100k", async () => {
    const { uncalibrated, calibrated } = await twoTurns(cl100k, SCRIPTS.japanese!);
    expect(Math.abs(uncalibrated)).toBeGreaterThan(0.2);
    expect(Math.abs(calibrated)).toBeLessThanOrEqual(0.2);
  });

  it("compacts a Japanese conversation before it overflows the window (chars/4 saw a third of it)", async () => {
    const provider = setup(o200k, 6_000);
    const { context, recorder } = await mountContext();
    const [first, second] = SCRIPTS.japanese!;
    const history: Message[] = [];
    for (let turn = 0; turn < 10; turn++) {
      history.push({ role: "user", content: `${turn}: ${turn % 2 === 0 ? first : second}` });
      history.push({ role: "assistant", content: turn % 2 === 0 ? second : first });
    }
    history.push({ role: "user", content: "要点をまとめてください。" });
    const budget = 6_000 - 500 - 1_000 - 800;
    await context.set_messages(history.slice(0, 2));
    await provider.complete({ messages: await context.get_messages_for_request({ provider }) });
    await context.set_messages(history);
    const real = (await provider.complete({ messages: history })).usage!.input_tokens;
    expect(real).toBeGreaterThan(budget);
    expect(Math.ceil(JSON.stringify(history).length / 4)).toBeLessThan(0.92 * budget);
    const view = await context.get_messages_for_request({ provider });
    const event = recorder.get_events("context:compaction")[0]?.data;
    expect(event).toMatchObject({ budget, token_source: "calibrated", over_budget: false });
    expect((await provider.complete({ messages: view })).usage!.input_tokens).toBeLessThanOrEqual(budget);
  });

  it("asks a provider that can count for an exact count only near the threshold, once per history", async () => {
    const counted: number[] = [];
    const provider: Provider = {
      name: "counting",
      get_info: () => ({
        id: "counting",
        display_name: "Counting",
        credential_env_vars: [],
        capabilities: [],
        defaults: {},
        config_fields: [],
      }),
      list_models: async () => [],
      complete: async () => ({ content: [] }),
      parse_tool_calls: () => [],
      get_model_info: () => ({ id: "m", display_name: "M", context_window: 10_000, max_output_tokens: 0 }),
      count_tokens: async (request) => {
        const exact = estimateRequestTokens(request) * 3;
        counted.push(exact);
        return exact;
      },
    };
    const { context, recorder } = await mountContext({ compaction_notice: false });
    const budget = 10_000 - 1_000;
    await context.add_message({ role: "user", content: "short" });
    await context.get_messages_for_request({ provider });
    expect(counted).toEqual([]);
    const words = "The estimate is near the threshold here. ".repeat(Math.round((0.92 * budget) / 9));
    await context.add_message({ role: "user", content: words });
    await context.get_messages_for_request({ provider });
    await context.get_messages_for_request({ provider });
    expect(counted).toHaveLength(1);
    expect(recorder.get_events("context:compaction")[0]?.data).toMatchObject({
      token_source: "exact",
      token_ratio: expect.closeTo(3, 1),
    });
  });
});
