/**
 * The example modules of Amplifier's module guide (the seed documents), written as TypeScript
 * objects: calculator tool (with a real expression parser instead of eval), mock provider, timing
 * hook, simple context and simple orchestrator. They use the contract exactly as the guide does,
 * including the guide's old `mount("session", x, { name: "context" })` form.
 */
import type {
  ContextManager,
  Coordinator,
  HookRegistryContract,
  ModuleDefinition,
  Provider,
  Tool,
} from "../../../src/contracts.ts";
import {
  type ChatRequest,
  type ChatResponse,
  type HookResultInput,
  type Message,
  serializeToolOutput,
  type ToolCall,
  type ToolResult,
  toolFailure,
  toolSuccess,
} from "../../../src/models/index.ts";

/** Evaluates + - * / % ** and parentheses over decimal numbers. Throws on anything else. */
export function evaluateExpression(source: string): number {
  let position = 0;
  const peek = () => source[position];
  const skip = () => {
    while (peek() === " " || peek() === "\t") position++;
  };
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at position ${position}`);
  };
  const number = (): number => {
    skip();
    const match = /^\d+(\.\d+)?|^\.\d+/.exec(source.slice(position));
    if (!match) return fail("expected a number");
    position += match[0].length;
    return Number(match[0]);
  };
  const primary = (): number => {
    skip();
    if (peek() === "(") {
      position++;
      const value = sum();
      skip();
      if (peek() !== ")") fail("expected )");
      position++;
      return value;
    }
    if (peek() === "-") {
      position++;
      return -power();
    }
    if (peek() === "+") {
      position++;
      return power();
    }
    return number();
  };
  const power = (): number => {
    const base = primary();
    skip();
    if (source.startsWith("**", position)) {
      position += 2;
      return base ** power();
    }
    return base;
  };
  const product = (): number => {
    let value = power();
    for (;;) {
      skip();
      const operator = peek();
      if (operator !== "*" && operator !== "/" && operator !== "%") return value;
      position++;
      const right = power();
      if ((operator === "/" || operator === "%") && right === 0) throw new RangeError("division by zero");
      value = operator === "*" ? value * right : operator === "/" ? value / right : value % right;
    }
  };
  const sum = (): number => {
    let value = product();
    for (;;) {
      skip();
      const operator = peek();
      if (operator !== "+" && operator !== "-") return value;
      position++;
      value = operator === "+" ? value + product() : value - product();
    }
  };
  const value = sum();
  skip();
  if (position < source.length) fail(`unexpected "${source[position]}"`);
  return value;
}

/** The guide's CalculatorTool. */
export class CalculatorTool implements Tool {
  readonly name = "calculator";
  readonly description = "Perform mathematical calculations";
  readonly input_schema = {
    type: "object",
    properties: { expression: { type: "string", description: "Mathematical expression to evaluate" } },
    required: ["expression"],
  };

  async execute(input: Record<string, unknown>): Promise<ToolResult> {
    const expression = typeof input.expression === "string" ? input.expression : "";
    try {
      return toolSuccess(String(evaluateExpression(expression)));
    } catch (error) {
      const failure = error as Error;
      return toolFailure(failure.message, { type: failure.name });
    }
  }
}

/** Module `tool-calculator-seed`. */
export const calculatorSeedModule: ModuleDefinition = {
  id: "tool-calculator-seed",
  type: "tool",
  async mount(coordinator) {
    await coordinator.mount("tools", new CalculatorTool(), { name: "calculator" });
    return undefined;
  },
};

/** The guide's MockProvider: a fixed text answer, or tool calls from a script when configured. */
export class SeedMockProvider implements Provider {
  readonly name = "mock";
  readonly #response: string;
  readonly #script: ChatResponse[];

  constructor(config: Record<string, unknown>) {
    this.#response = typeof config.response === "string" ? config.response : "Mock response";
    this.#script = Array.isArray(config.script) ? [...(config.script as ChatResponse[])] : [];
  }
  get_info() {
    return {
      id: "mock",
      display_name: "Mock Provider",
      credential_env_vars: [],
      capabilities: ["streaming"],
      defaults: { context_window: 100000, max_output_tokens: 4096 },
    };
  }
  async list_models() {
    return [
      {
        id: "mock-model",
        display_name: "Mock Model",
        context_window: 100000,
        max_output_tokens: 4096,
        capabilities: ["tools"],
      },
    ];
  }
  async complete(_request: ChatRequest): Promise<ChatResponse> {
    const next = this.#script.shift();
    if (next) return next;
    return {
      content: [{ type: "text", text: this.#response }],
      usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 },
    };
  }
  parse_tool_calls(response: ChatResponse): ToolCall[] {
    return response.tool_calls ?? [];
  }
}

/** Module `provider-mock-seed`: degrades gracefully (mounts nothing) without an api_key, as the guide shows. */
export const mockProviderSeedModule: ModuleDefinition = {
  id: "provider-mock-seed",
  type: "provider",
  async mount(coordinator, config) {
    if (!config.api_key) return undefined;
    await coordinator.mount("providers", new SeedMockProvider(config), { name: "mock" });
    return async () => {};
  },
};

/** The guide's TimingHook, with an injected clock. */
export class TimingHook {
  readonly timings = new Map<string, number>();
  readonly #debug: boolean;
  readonly #clock: () => number;

  constructor(config: Record<string, unknown>, clock: () => number) {
    this.#debug = config.debug === true;
    this.#clock = clock;
  }
  on_tool_pre = async (_event: string, data: Record<string, unknown>): Promise<HookResultInput> => {
    this.timings.set(String(data.tool_name), this.#clock());
    return { action: "continue" };
  };
  on_tool_post = async (_event: string, data: Record<string, unknown>): Promise<HookResultInput> => {
    const name = String(data.tool_name);
    const started = this.timings.get(name);
    if (started !== undefined && this.#debug) {
      const seconds = (this.#clock() - started) / 1000;
      return {
        action: "continue",
        user_message: `Tool ${name} took ${seconds.toFixed(2)}s`,
        user_message_level: "info",
      };
    }
    return { action: "continue" };
  };
}

/** Module `hooks-timing-seed` (clock from `config.clock`, a function, for tests). */
export const timingHookSeedModule: ModuleDefinition = {
  id: "hooks-timing-seed",
  type: "hook",
  async mount(coordinator, config) {
    const clock = typeof config.clock_ms === "number" ? makeClock(config.clock_ms) : () => 0;
    const handler = new TimingHook(config, clock);
    const off = [
      coordinator.hooks.register("tool:pre", handler.on_tool_pre, { priority: 10 }),
      coordinator.hooks.register("tool:post", handler.on_tool_post, { priority: 10 }),
    ];
    return () => {
      for (const unregister of off) unregister();
    };
  },
};

/** A fake clock that advances by `step` ms per reading. */
function makeClock(step: number): () => number {
  let now = 0;
  return () => {
    now += step;
    return now;
  };
}

/** The guide's SimpleContext, with its ephemeral compaction (the stored list is never changed). */
export class SimpleContext implements ContextManager {
  messages: Message[] = [];
  readonly #maxTokens: number;

  constructor(config: Record<string, unknown>) {
    this.#maxTokens = typeof config.max_tokens === "number" ? config.max_tokens : 100000;
  }
  async add_message(message: Message) {
    this.messages.push(message);
  }
  async get_messages_for_request(options: { token_budget?: number; provider?: Provider } = {}) {
    const budget = await this.#budget(options);
    if (estimate(this.messages) > budget * 0.9) return this.#compact(budget);
    return [...this.messages];
  }
  async get_messages() {
    return [...this.messages];
  }
  async set_messages(messages: Message[]) {
    this.messages = [...messages];
  }
  async clear() {
    this.messages = [];
  }
  async #budget(options: { token_budget?: number; provider?: Provider }): Promise<number> {
    if (options.token_budget) return options.token_budget;
    if (options.provider) {
      const defaults = ((await options.provider.get_info()).defaults ?? {}) as Record<string, number>;
      return (defaults.context_window ?? this.#maxTokens) - (defaults.max_output_tokens ?? 4096) - 1000;
    }
    return this.#maxTokens;
  }
  #compact(budget: number): Message[] {
    const system = this.messages.filter((message) => message.role === "system");
    const other = this.messages.filter((message) => message.role !== "system");
    while (estimate([...system, ...other]) > budget * 0.7 && other.length > 0) other.shift();
    return [...system, ...other];
  }
}

function estimate(messages: readonly Message[]): number {
  return Math.floor(messages.reduce((total, message) => total + JSON.stringify(message.content).length, 0) / 4);
}

/** Module `context-simple-seed`, mounted the way the guide shows (`"session"` + name). */
export const simpleContextSeedModule: ModuleDefinition = {
  id: "context-simple-seed",
  type: "context",
  async mount(coordinator, config) {
    const context = new SimpleContext(config);
    await coordinator.mount("session", context, { name: "context" });
    return context;
  },
};

/**
 * The guide's SimpleOrchestrator, made correct where the guide is sketchy: the assistant message
 * with its tool calls is stored first, every call gets exactly one tool message in call order,
 * hook results go through process_hook_result (deny blocks a tool), unknown tools get an error
 * result, and the result text is `serializeToolOutput`.
 */
export class SimpleOrchestrator {
  readonly #maxIterations: number;
  constructor(config: Record<string, unknown>) {
    this.#maxIterations = typeof config.max_iterations === "number" ? config.max_iterations : 10;
  }

  async execute(
    prompt: string,
    context: ContextManager,
    providers: Record<string, Provider>,
    tools: Record<string, Tool>,
    hooks: HookRegistryContract,
    options: { coordinator: Coordinator },
  ): Promise<string> {
    const coordinator = options.coordinator;
    await context.add_message({ role: "user", content: prompt });
    const provider = Object.values(providers)[0]!;
    for (let iteration = 0; iteration < this.#maxIterations; iteration++) {
      const messages = await context.get_messages_for_request({ provider });
      await hooks.emit("provider:request", { provider: provider.name, iteration });
      const response = await provider.complete({ messages });
      await hooks.emit("provider:response", {
        provider: provider.name,
        tool_calls: Boolean(response.tool_calls?.length),
      });
      const calls = await provider.parse_tool_calls(response);
      if (calls.length === 0) {
        const text = response.content.flatMap((block) => (block.type === "text" ? [block.text] : [])).join("\n\n");
        await context.add_message({ role: "assistant", content: text });
        await hooks.emit("orchestrator:complete", {
          orchestrator: "simple",
          turn_count: iteration + 1,
          status: "success",
        });
        return text;
      }
      await context.add_message({
        role: "assistant",
        content: response.content,
        tool_calls: calls.map((call) => ({ id: call.id, tool: call.name, arguments: call.arguments })),
      });
      for (const call of calls) await context.add_message(await this.#runTool(call, tools, hooks, coordinator));
    }
    await hooks.emit("orchestrator:complete", {
      orchestrator: "simple",
      turn_count: this.#maxIterations,
      status: "incomplete",
    });
    return "Max iterations reached";
  }

  async #runTool(
    call: ToolCall,
    tools: Record<string, Tool>,
    hooks: HookRegistryContract,
    coordinator: Coordinator,
  ): Promise<Message> {
    const reply = (content: string): Message => ({ role: "tool", tool_call_id: call.id, content });
    const pre = await coordinator.process_hook_result(
      await hooks.emit("tool:pre", { tool_name: call.name, tool_call_id: call.id, tool_input: call.arguments }),
      "tool:pre",
      "orchestrator",
    );
    if (pre.action === "deny") return reply(`Denied by hook: ${pre.reason ?? ""}`);
    const tool = tools[call.name];
    if (!tool) {
      await hooks.emit("tool:error", { tool_name: call.name, error: { type: "ToolNotFound", msg: "not found" } });
      return reply(`Error: Tool '${call.name}' not found`);
    }
    const result = await tool.execute(call.arguments, { signal: coordinator.cancellation.signal });
    await coordinator.process_hook_result(
      await hooks.emit("tool:post", {
        tool_name: call.name,
        tool_call_id: call.id,
        tool_input: call.arguments,
        result,
      }),
      "tool:post",
      "orchestrator",
    );
    return reply(serializeToolOutput(result));
  }
}

/** Module `loop-simple-seed`, mounted the way the guide shows (`"session"` + name). */
export const simpleOrchestratorSeedModule: ModuleDefinition = {
  id: "loop-simple-seed",
  type: "orchestrator",
  async mount(coordinator, config) {
    await coordinator.mount("session", new SimpleOrchestrator(config), { name: "orchestrator" });
  },
};

/** Every seed module. */
export const seedModules: readonly ModuleDefinition[] = [
  calculatorSeedModule,
  mockProviderSeedModule,
  timingHookSeedModule,
  simpleContextSeedModule,
  simpleOrchestratorSeedModule,
];
