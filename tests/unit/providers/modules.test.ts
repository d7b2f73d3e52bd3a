/** The provider modules as the kernel sees them: validation, mounting, info, and the attempt timeout. */
import { describe, expect, it } from "vitest";
import { KernelError } from "../../../src/errors.ts";
import { getLLMErrorData } from "../../../src/models/llm-error.ts";
import { createAnthropicProvider, providerAnthropic } from "../../../src/modules/provider-anthropic/index.ts";
import { createOpenAiProvider, providerOpenAi } from "../../../src/modules/provider-openai/index.ts";
import { providerWorkersAi } from "../../../src/modules/provider-workers-ai/index.ts";
import { MockCoordinator } from "../../../src/testing/index.ts";
import { validateModule } from "../../../src/validation/index.ts";
import * as anthropic from "../../fixtures/providers/anthropic.ts";
import { FakeTime, rejection } from "../../suites/providers/harness.ts";

const binding = { run: async () => ({ response: "hi" }) };

describe("provider modules", () => {
  it("pass the kernel's module validation with a valid config", async () => {
    for (const definition of [providerAnthropic, providerOpenAi]) {
      const result = await validateModule(definition, { config: { api_key: "k" } });
      expect(
        result.checks.filter((check) => !check.passed),
        definition.id,
      ).toEqual([]);
      expect(result.passed).toBe(true);
    }
  });

  it("provider-workers-ai fails validation without a binding, saying how to give it one", async () => {
    // The validator clones config, so a binding (an object with a function) cannot be passed in it.
    const result = await validateModule(providerWorkersAi, { config: {} });
    const failed = result.checks.filter((check) => !check.passed);
    expect(failed.map((check) => check.name)).toEqual(["protocol_compliance"]);
    expect(failed[0]?.message).toContain('register it as the "cloudflare.ai" capability');
    const coordinator = new MockCoordinator();
    coordinator.register_capability("cloudflare.ai", binding);
    await providerWorkersAi.mount(coordinator, {});
    expect(
      (await coordinator.get("providers", "workers-ai")!.complete({ messages: [{ role: "user", content: "hi" }] }))
        .text,
    ).toBe("hi");
  });

  it("mount under their default names and describe themselves with ConfigFields", async () => {
    const coordinator = new MockCoordinator();
    await providerAnthropic.mount(coordinator, { api_key: "k" });
    await providerOpenAi.mount(coordinator, { api_key: "k" });
    expect(Object.keys(coordinator.get("providers"))).toEqual(["anthropic", "openai"]);
    const info = await coordinator.get("providers", "anthropic")!.get_info();
    expect(info.config_fields?.map((field) => [field.id, field.field_type])).toEqual([
      ["api_key", "secret"],
      ["model", "choice"],
      ["base_url", "text"],
      ["max_tokens", "text"],
      ["temperature", "text"],
    ]);
    expect(info.defaults).toMatchObject({
      model: "claude-sonnet-4-5",
      context_window: 200_000,
      max_output_tokens: 64_000,
    });
  });

  it("refuse to mount without a key for the official endpoints, naming the field (keys never come from the environment)", async () => {
    for (const definition of [providerAnthropic, providerOpenAi]) {
      const error = await rejection(definition.mount(new MockCoordinator(), {}));
      expect(KernelError.is(error, "invalid_config")).toBe(true);
      expect((error as Error).message).toContain("config.api_key is required");
      expect((error as KernelError).issues).toEqual([
        { path: ["config", "api_key"], message: "required", code: "invalid_type" },
      ]);
    }
    const local = createOpenAiProvider({ base_url: "http://127.0.0.1:8080/v1", model: "m" });
    expect(local.name).toBe("openai");
    expect(() => createOpenAiProvider({ base_url: "http://127.0.0.1:8080/v1" })).toThrow(/config\.model is required/);
  });

  it("report model limits for compaction, with config overrides for unknown models", async () => {
    const known = createAnthropicProvider({ api_key: "k", model: "claude-3-5-haiku-20241022" });
    expect(await known.get_model_info!()).toMatchObject({
      id: "claude-3-5-haiku-20241022",
      context_window: 200_000,
      max_output_tokens: 8192,
    });
    const custom = createOpenAiProvider({
      base_url: "http://127.0.0.1:11434/v1",
      model: "qwen3:8b",
      context_window: 32_768,
    });
    expect(await custom.get_model_info!()).toMatchObject({ id: "qwen3:8b", context_window: 32_768 });
    expect((await createOpenAiProvider({ api_key: "k" }).list_models()).map((model) => model.id)).toContain("gpt-4.1");
  });
});

describe("request headers", () => {
  async function sentHeaders(
    create: (fetch: (url: string, init: RequestInit) => Promise<Response>) => {
      complete: (r: never) => Promise<unknown>;
    },
    answer: unknown,
  ) {
    let headers = new Headers();
    const fetch = async (_url: string, init: RequestInit) => {
      headers = new Headers(init.headers);
      return Response.json(answer);
    };
    await create(fetch).complete({ messages: [{ role: "user", content: "hi" }] } as never);
    return headers;
  }

  it("adds configured headers but never lets them replace the key", async () => {
    const headers = await sentHeaders(
      (fetch) =>
        createOpenAiProvider({
          api_key: "real",
          base_url: "https://openrouter.ai/api/v1",
          model: "m",
          headers: { "HTTP-Referer": "https://app.example", Authorization: "Bearer evil" },
          fetch,
        }),
      { choices: [{ message: { content: "ok" }, finish_reason: "stop" }] },
    );
    expect(headers.get("authorization")).toBe("Bearer real");
    expect(headers.get("http-referer")).toBe("https://app.example");
  });

  it("sends Anthropic's beta and direct-browser-access headers only when configured", async () => {
    const answer = anthropic.textExchange.response.json;
    const plain = await sentHeaders((fetch) => createAnthropicProvider({ api_key: "k", fetch }), answer);
    expect([plain.get("anthropic-beta"), plain.get("anthropic-dangerous-direct-browser-access")]).toEqual([null, null]);
    const browser = await sentHeaders(
      (fetch) => createAnthropicProvider({ api_key: "k", fetch, beta: ["a-1", "b-2"], direct_browser_access: true }),
      answer,
    );
    expect([browser.get("anthropic-beta"), browser.get("anthropic-dangerous-direct-browser-access")]).toEqual([
      "a-1,b-2",
      "true",
    ]);
  });
});

describe("debug events", () => {
  it("emit the wire bodies as llm:request:raw / llm:response:raw, without the key, only when debug is on", async () => {
    const events: { event: string; data: Record<string, unknown> }[] = [];
    const hooks = { emit: async (event: string, data: Record<string, unknown>) => void events.push({ event, data }) };
    const fetch = async () => Response.json({ choices: [{ message: { content: "ok" }, finish_reason: "stop" }] });
    const request = { messages: [{ role: "user" as const, content: "hi" }], reasoning_effort: "high" };
    await createOpenAiProvider({ api_key: "sk-secret", model: "gpt-4.1", fetch }, { hooks }).complete(request);
    expect(events.map((entry) => entry.event)).toEqual(["llm:request", "llm:response"]);
    events.length = 0;
    const response = await createOpenAiProvider(
      { api_key: "sk-secret", model: "gpt-4.1", fetch, debug: true },
      { hooks },
    ).complete(request);
    expect(events.map((entry) => entry.event)).toEqual([
      "llm:request",
      "llm:request:raw",
      "llm:response:raw",
      "llm:response",
    ]);
    expect(events[1]?.data.body).toEqual({ model: "gpt-4.1", messages: [{ role: "user", content: "hi" }] });
    expect(JSON.stringify(events)).not.toContain("sk-secret");
    expect(response.degradation).toEqual({
      requested: "reasoning_effort high",
      actual: "none",
      reason: "gpt-4.1 is not a reasoning model",
    });
  });
});

describe("attempt timeout", () => {
  it("turns an attempt that never answers into a retryable timeout, then retries it", async () => {
    const time = new FakeTime();
    let calls = 0;
    // First attempt: a server that never answers (the fetch only ends when its signal aborts).
    const fetch = (_url: string, init: RequestInit): Promise<Response> => {
      calls++;
      if (calls > 1) return Promise.resolve(Response.json(anthropic.textExchange.response.json));
      return new Promise((_, reject) => init.signal?.addEventListener("abort", () => reject(init.signal?.reason)));
    };
    const provider = createAnthropicProvider(
      { api_key: "k", base_url: "http://127.0.0.1:9", timeout_ms: 20, fetch },
      { sleep: time.sleep, random: time.random },
    );
    const response = await provider.complete(anthropic.textRequest);
    expect(response.text).toBe("Hello!");
    expect(calls).toBe(2);
    expect(time.sleeps).toEqual([750]);
  });

  it("reports the timeout kind when no retry is left", async () => {
    const fetch = (_url: string, init: RequestInit): Promise<Response> =>
      new Promise((_, reject) => init.signal?.addEventListener("abort", () => reject(init.signal?.reason)));
    const provider = createAnthropicProvider({
      api_key: "k",
      base_url: "http://127.0.0.1:9",
      timeout_ms: 20,
      max_retries: 0,
      fetch,
    });
    const error = await rejection(provider.complete(anthropic.textRequest));
    expect(getLLMErrorData(error)).toMatchObject({ kind: "timeout", retryable: true, provider: "anthropic" });
  });
});
