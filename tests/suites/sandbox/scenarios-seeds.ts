/**
 * The seed document's five example modules (module development guide), translated to JavaScript
 * as written, validated and run in sandboxes: the calculator with its `eval`, the mock provider
 * (which mounts nothing without an api_key), the timing hook, the simple orchestrator and the
 * simple context (both mounted with the guide's old `mount("session", x, { name })` form).
 */
import type { ModuleType } from "../../../src/index.ts";
import { createSession } from "../../../src/index.ts";
import { RecordingDisplay } from "../../../src/testing/index.ts";
import { validateModule } from "../../../src/validation/index.ts";
import { RecordingCoordinator } from "../../../src/validation/recording-coordinator.ts";
import { equal, matches, ok } from "./check.ts";
import type { SandboxHarness, SandboxScenario } from "./environment.ts";

const MOCK_PROVIDER = `
export async function mount(coordinator, config = {}) {
  if (!config.api_key) return null; // graceful degradation, as the guide says
  await coordinator.mount("providers", new MockProvider(config), { name: "mock" });
  return async () => {};
}
class MockProvider {
  name = "mock";
  constructor(config) { this.response = config.response ?? "Mock response"; }
  get_info() {
    return { id: "mock", display_name: "Mock Provider", credential_env_vars: [], capabilities: ["streaming"],
      defaults: { context_window: 100000, max_output_tokens: 4096 } };
  }
  async list_models() {
    return [{ id: "mock-model", display_name: "Mock Model", context_window: 100000, max_output_tokens: 4096, capabilities: ["tools"] }];
  }
  async complete(request) {
    return { content: [{ type: "text", text: this.response }], usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 } };
  }
  parse_tool_calls(response) { return []; }
}`;

// tool:post uses the positional priority of the original's Node binding (and Python).
const TIMING_HOOK = `
export async function mount(coordinator, config = {}) {
  const handler = new TimingHook(config);
  coordinator.hooks.register("tool:pre", (event, data) => handler.on_tool_pre(event, data), { priority: 10 });
  coordinator.hooks.register("tool:post", (event, data) => handler.on_tool_post(event, data), 10, "timing-post");
  return () => {};
}
class TimingHook {
  constructor(config) { this.timings = {}; this.debug = config.debug ?? false; }
  async on_tool_pre(event, data) { this.timings[data.tool_name] = Date.now(); return { action: "continue" }; }
  async on_tool_post(event, data) {
    const started = this.timings[data.tool_name];
    if (started !== undefined && this.debug) {
      const seconds = (Date.now() - started) / 1000;
      return { action: "continue", user_message: "Tool " + data.tool_name + " took " + seconds.toFixed(2) + "s", user_message_level: "info" };
    }
    return { action: "continue" };
  }
}`;

const SIMPLE_ORCHESTRATOR = `
export async function mount(coordinator, config = {}) {
  await coordinator.mount("session", new SimpleOrchestrator(config), { name: "orchestrator" });
  return null;
}
class SimpleOrchestrator {
  constructor(config) { this.max_iterations = config.max_iterations ?? 10; }
  async execute(prompt, context, providers, tools, hooks) {
    await context.add_message({ role: "user", content: prompt });
    const provider = Object.values(providers)[0];
    let iteration = 0;
    for (iteration = 0; iteration < this.max_iterations; iteration++) {
      const messages = await context.get_messages_for_request({ provider });
      await hooks.emit("provider:request", { messages });
      const response = await provider.complete({ messages });
      await hooks.emit("provider:response", { response });
      await context.add_message({ role: "assistant", content: response.content });
      const toolCalls = await provider.parse_tool_calls(response);
      if (toolCalls.length === 0) {
        await hooks.emit("orchestrator:complete", { orchestrator: "simple", turn_count: iteration + 1, status: "success" });
        return response.content[0].text;
      }
      for (const call of toolCalls) {
        const tool = tools[call.name];
        if (!tool) continue;
        await hooks.emit("tool:pre", { tool_name: call.name });
        const result = await tool.execute(call.arguments);
        await hooks.emit("tool:post", { result });
        await context.add_message({ role: "tool", tool_call_id: call.id, content: String(result.output) });
      }
    }
    await hooks.emit("orchestrator:complete", { orchestrator: "simple", turn_count: iteration + 1, status: "incomplete" });
    return "Max iterations reached";
  }
}`;

const SIMPLE_CONTEXT = `
export async function mount(coordinator, config = {}) {
  const context = new SimpleContext(config);
  await coordinator.mount("session", context, { name: "context" });
  return context;
}
class SimpleContext {
  constructor(config) { this.max_tokens = config.max_tokens ?? 100000; this.messages = []; }
  async add_message(message) { this.messages.push(message); }
  async get_messages_for_request({ token_budget, provider } = {}) {
    const budget = await this.calculate_budget(token_budget, provider);
    if (this.estimate(this.messages) > budget * 0.9) return this.compact(budget);
    return [...this.messages];
  }
  async get_messages() { return [...this.messages]; }
  async set_messages(messages) { this.messages = [...messages]; }
  async clear() { this.messages = []; }
  async calculate_budget(token_budget, provider) {
    if (token_budget) return token_budget;
    if (provider) {
      const defaults = (await provider.get_info()).defaults ?? {};
      return (defaults.context_window ?? this.max_tokens) - (defaults.max_output_tokens ?? 4096) - 1000;
    }
    return this.max_tokens;
  }
  estimate(messages) {
    return Math.floor(messages.reduce((sum, m) => sum + JSON.stringify(m.content ?? "").length, 0) / 4);
  }
  compact(budget) {
    const system = this.messages.filter((m) => m.role === "system");
    const other = this.messages.filter((m) => m.role !== "system");
    while (this.estimate([...system, ...other]) > budget * 0.7 && other.length > 0) other.shift();
    return [...system, ...other];
  }
}`;

interface SeedModule {
  readonly id: string;
  readonly type: ModuleType;
  readonly source: { inline: string } | ReturnType<SandboxHarness["example"]>;
  readonly config: Record<string, unknown>;
}

function seedModules(harness: SandboxHarness): SeedModule[] {
  return [
    { id: "tool-calculator", type: "tool", source: harness.example("tool-calculator-eval"), config: {} },
    { id: "provider-mock", type: "provider", source: { inline: MOCK_PROVIDER }, config: { api_key: "k" } },
    { id: "hooks-timing", type: "hook", source: { inline: TIMING_HOOK }, config: { debug: true } },
    { id: "loop-simple", type: "orchestrator", source: { inline: SIMPLE_ORCHESTRATOR }, config: {} },
    { id: "context-simple-seed", type: "context", source: { inline: SIMPLE_CONTEXT }, config: {} },
  ];
}

const validateScenario: SandboxScenario = {
  name: "the seed document's five example modules pass validateModule in a sandbox",
  async run(harness) {
    const { loader } = harness.sandboxes();
    for (const seed of seedModules(harness)) {
      const loaded = await loader.load(
        { id: seed.id, source: seed.source, config: seed.config, sandbox: harness.limits(), kind: seed.type },
        { coordinator: new RecordingCoordinator(), signal: new AbortController().signal },
      );
      const report = await validateModule(loaded, { type: seed.type, config: seed.config });
      equal(report.errors, [], `${seed.id}: no failed error check`);
      ok(report.passed, `${seed.id}: passes (${report.summary})`);
    }
    const degraded = await loader.load(
      {
        id: "provider-mock",
        source: { inline: MOCK_PROVIDER },
        config: {},
        sandbox: harness.limits(),
        kind: "provider",
      },
      { coordinator: new RecordingCoordinator(), signal: new AbortController().signal },
    );
    const withoutKey = await validateModule(degraded, { type: "provider", config: {} });
    equal(
      withoutKey.errors.map((check) => check.message),
      ["No provider was mounted and mount() did not return a Provider instance"],
      "the mock provider without an api_key mounts nothing",
    );
  },
};

const sessionScenario: SandboxScenario = {
  name: "the seed document's five example modules answer a prompt together in sandboxes",
  async run(harness) {
    const [calculator, provider, timing, orchestrator, context] = seedModules(harness).map((seed) => ({
      module: seed.id,
      source: seed.source,
      config: seed.id === "provider-mock" ? { api_key: "k", response: "The answer is 42." } : seed.config,
      // The timing hook reports through the display system: showing a message is a grant.
      sandbox: seed.id === "hooks-timing" ? { ...harness.limits(), permissions: { display: true } } : harness.limits(),
    }));
    const display = new RecordingDisplay();
    const session = createSession(
      {
        session: { orchestrator: orchestrator!, context: context! },
        providers: [provider!],
        tools: [calculator!],
        hooks: [timing!],
      },
      { sandbox: harness.sandboxes().loader, display, sessionId: "seeds" },
    );
    await session.initialize();
    equal(session.status().failedModules, [], "every seed module mounted");
    // The positional priority 10 places the sandboxed handler between these two.
    session.coordinator.hooks.register("tool:post", () => undefined, { priority: 5, name: "before" });
    session.coordinator.hooks.register("tool:post", () => undefined, { priority: 15, name: "after" });
    const postHandlers = session.coordinator.hooks.list_handlers("tool:post")["tool:post"] ?? [];
    equal(postHandlers.length, 3, "tool:post handlers");
    equal([postHandlers[0], postHandlers[2]], ["before", "after"], "the positional priority is honoured");
    matches(postHandlers[1], /timing-post/, "the positional name is kept");
    equal(session.coordinator.hooks.list_handlers("tool:pre")["tool:pre"]?.length, 1, "one tool:pre handler");
    equal(await session.execute("What is 6 * 7?"), "The answer is 42.", "the answer");
    const history = await session.coordinator.get("context")!.get_messages();
    equal(
      history.map((message) => message.role),
      ["user", "assistant"],
      "the simple context keeps the turn",
    );
    const calc = session.coordinator.get("tools", "calculator")!;
    equal((await calc.execute({ expression: "6 * 7" })).output, "42", "the calculator's eval works");
    await session.coordinator.hooks.emit("tool:pre", { tool_name: "calculator" });
    const post = await session.coordinator.hooks.emit("tool:post", { tool_name: "calculator" });
    await session.coordinator.process_hook_result(post, "tool:post", "hooks-timing");
    equal(display.messages.length, 1, "the timing hook reports once");
    matches(display.messages[0]?.message, /^Tool calculator took \d+\.\d\ds$/, "the timing message");
    await session.cleanup();
  },
};

/** The seed scenarios. */
export const seedScenarios: readonly SandboxScenario[] = [validateScenario, sessionScenario];
