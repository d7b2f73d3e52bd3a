/**
 * Trusted twins of the example modules: the same behaviour written as plain TypeScript objects,
 * mounted without a sandbox. Each behavioural check runs against the twin and the sandboxed
 * example alike, so the sandbox is shown to change nothing a module can observe.
 */
import type {
  ChatRequest,
  ChatResponse,
  ContextManager,
  Coordinator,
  HookRegistryContract,
  Message,
  MessagesForRequestOptions,
  MountFunction,
  Orchestrator,
  Provider,
  Tool,
} from "../../../src/index.ts";
import { serializeToolOutput, toolFailure, toolSuccess } from "../../../src/index.ts";

/** The word-count tool, trusted. */
export const wordCountTwin: MountFunction = async (coordinator, config) => {
  const maxChars = typeof config.max_chars === "number" ? config.max_chars : 100_000;
  const tool: Tool = {
    name: "word_count",
    description: "Count the words, lines and characters of a text",
    input_schema: {
      type: "object",
      properties: { text: { type: "string", description: "The text to measure" } },
      required: ["text"],
    },
    async execute(input) {
      const text = input.text;
      if (typeof text !== "string") return toolFailure("text must be a string", { type: "invalid_input" });
      if (text.length > maxChars)
        return toolFailure(`text is longer than ${maxChars} characters`, { type: "too_long" });
      const words = text.split(/\s+/).filter((word) => word.length > 0).length;
      return toolSuccess({ words, lines: text === "" ? 0 : text.split("\n").length, characters: text.length });
    },
  };
  await coordinator.mount("tools", tool, { name: tool.name });
};

const ECHO_MODEL = {
  id: "echo-1",
  display_name: "Echo 1",
  context_window: 8192,
  max_output_tokens: 1024,
  capabilities: ["tools"],
};

function textOf(message: Message): string {
  if (typeof message.content === "string") return message.content;
  return message.content
    .filter((block) => block.type === "text")
    .map((block) => (block as { text: string }).text)
    .join("\n");
}

/** The echo provider, trusted. */
export const echoProviderTwin: MountFunction = async (coordinator, config) => {
  const prefix = typeof config.prefix === "string" ? config.prefix : "echo: ";
  let calls = 0;
  const provider: Provider = {
    name: "echo",
    get_info: () => ({
      id: "echo",
      display_name: "Echo Provider",
      credential_env_vars: [],
      capabilities: ["tools"],
      defaults: { model: "echo-1", context_window: 8192, max_output_tokens: 1024 },
    }),
    list_models: async () => [ECHO_MODEL],
    async complete(request: ChatRequest): Promise<ChatResponse> {
      calls += 1;
      const messages = request.messages;
      const last = messages[messages.length - 1];
      const usage = { input_tokens: messages.length * 10, output_tokens: 5, total_tokens: messages.length * 10 + 5 };
      if (last?.role === "tool") {
        return {
          content: [{ type: "text", text: `${prefix}the tool said ${textOf(last)}` }],
          usage,
          finish_reason: "stop",
        };
      }
      const lastUser = [...messages].reverse().find((message) => message.role === "user");
      const text = lastUser ? textOf(lastUser) : "";
      if (text.startsWith("count words: ") && (request.tools ?? []).some((tool) => tool.name === "word_count")) {
        const call = {
          id: `call_${calls}`,
          name: "word_count",
          arguments: { text: text.slice("count words: ".length) },
        };
        return {
          content: [{ type: "tool_call", id: call.id, name: call.name, input: call.arguments }],
          tool_calls: [call],
          usage,
          finish_reason: "tool_calls",
        };
      }
      return { content: [{ type: "text", text: `${prefix}${text}` }], usage, finish_reason: "stop" };
    },
    parse_tool_calls: (response) => response.tool_calls ?? [],
  };
  await coordinator.mount("providers", provider, { name: "echo" });
  return async () => {
    calls = 0;
  };
};

/** The guard hooks, trusted. */
export const guardHooksTwin: MountFunction = async (coordinator, config) => {
  const denied = new Set(Array.isArray(config.deny) ? (config.deny as string[]) : []);
  const note = typeof config.note === "string" ? config.note : "Answer briefly.";
  let allowed = 0;
  const off = [
    coordinator.hooks.register(
      "tool:pre",
      async (_event, data) => {
        if (denied.has(String(data.tool_name)))
          return { action: "deny", reason: `tool ${data.tool_name} is not allowed here` };
        allowed += 1;
        return { action: "continue" };
      },
      { priority: 10, name: "guard-tools" },
    ),
    coordinator.hooks.register(
      "prompt:submit",
      async () => ({ action: "inject_context", context_injection: note, ephemeral: true }),
      { priority: 10, name: "guard-prompt" },
    ),
    coordinator.hooks.register("guard:stats", async () => ({ action: "modify", data: { allowed } }), {
      name: "guard-stats",
    }),
  ];
  return () => {
    for (const unregister of off) unregister();
  };
};

/** The window context manager, trusted. */
export const windowContextTwin: MountFunction = async (coordinator, config) => {
  const maxMessages = typeof config.max_messages === "number" ? config.max_messages : 20;
  let messages: Message[] = [];
  const context: ContextManager = {
    async add_message(message) {
      messages.push({ ...message });
    },
    async get_messages_for_request(options: MessagesForRequestOptions = {}) {
      const system = messages.filter((message) => message.role === "system");
      const rest = messages.filter((message) => message.role !== "system");
      let start = Math.max(0, rest.length - maxMessages);
      while (start > 0 && rest[start]?.role === "tool") start -= 1;
      const info = options.provider ? await options.provider.get_info() : undefined;
      const budget =
        options.token_budget ?? (info?.defaults as { context_window?: number } | undefined)?.context_window;
      const window = [...system, ...rest.slice(start)];
      if (typeof budget === "number") {
        while (window.length > system.length + 1 && JSON.stringify(window).length / 4 > budget)
          window.splice(system.length, 1);
      }
      return window.map((message) => ({ ...message }));
    },
    async get_messages() {
      return messages.map((message) => ({ ...message }));
    },
    async set_messages(list) {
      messages = list.map((message) => ({ ...message }));
    },
    async clear() {
      messages = [];
    },
  };
  await coordinator.mount("context", context);
};

function responseText(response: ChatResponse): string {
  return (response.content ?? [])
    .filter((block) => block.type === "text")
    .map((block) => (block as { text: string }).text)
    .join("\n\n");
}

/** The simple loop, trusted. */
export const simpleLoopTwin: MountFunction = async (coordinator, config) => {
  const maxIterations = typeof config.max_iterations === "number" ? config.max_iterations : 10;
  const finish = async (hooks: HookRegistryContract, text: string, status: string, turns: number) => {
    await hooks.emit("orchestrator:complete", { orchestrator: "loop-simple", turn_count: turns, status });
    await hooks.emit("execution:end", { response: text, status });
    return text;
  };
  const runTool = async (
    call: { id: string; name: string; arguments: Record<string, unknown> },
    tools: Record<string, Tool>,
    hooks: HookRegistryContract,
    owner: Coordinator,
  ) => {
    const data = { tool_name: call.name, tool_call_id: call.id, tool_input: call.arguments };
    const pre = await owner.process_hook_result(await hooks.emit("tool:pre", data), "tool:pre", "loop-simple");
    if (pre.action === "deny") return `Denied by hook: ${pre.reason}`;
    const tool = tools[call.name];
    if (!tool) {
      await hooks.emit("tool:error", { tool_name: call.name, error: { type: "not_found", msg: "unknown tool" } });
      return `Error: Tool '${call.name}' not found`;
    }
    const result = await tool.execute(call.arguments);
    await hooks.emit("tool:post", {
      ...data,
      result: { success: result.success, output: result.output, error: result.error },
    });
    return serializeToolOutput(result);
  };
  const orchestrator: Orchestrator = {
    async execute(prompt, context, providers, tools, hooks, { coordinator: owner }) {
      await hooks.emit("execution:start", { prompt });
      const submitted = await owner.process_hook_result(
        await hooks.emit("prompt:submit", { prompt }),
        "prompt:submit",
        "loop-simple",
      );
      if (submitted.action === "deny") return finish(hooks, `Operation denied: ${submitted.reason}`, "denied", 0);
      const injected =
        submitted.action === "inject_context" && submitted.ephemeral ? submitted.context_injection : undefined;
      await context.add_message({ role: "user", content: prompt });
      const provider = Object.values(providers)[0];
      if (!provider) throw new Error("no provider is mounted");
      const specs = Object.values(tools).map((tool) => ({
        name: tool.name,
        description: tool.description,
        parameters: tool.input_schema ?? {},
      }));
      for (let iteration = 1; iteration <= maxIterations; iteration += 1) {
        if (owner.cancellation.is_cancelled) return finish(hooks, "", "cancelled", iteration - 1);
        await hooks.emit("provider:request", { provider: provider.name, iteration });
        const messages = await context.get_messages_for_request({ provider });
        if (injected && iteration === 1) messages.push({ role: "system", content: injected });
        const response = await provider.complete({ messages, tools: specs });
        const calls = await provider.parse_tool_calls(response);
        await hooks.emit("provider:response", {
          provider: provider.name,
          usage: response.usage,
          tool_calls: calls.length > 0,
        });
        if (calls.length === 0) {
          const text = responseText(response);
          await context.add_message({ role: "assistant", content: text });
          return finish(hooks, text, "success", iteration);
        }
        await context.add_message({
          role: "assistant",
          content: responseText(response),
          tool_calls: calls.map((call) => ({ id: call.id, tool: call.name, arguments: call.arguments })),
        });
        for (const call of calls) {
          await context.add_message({
            role: "tool",
            tool_call_id: call.id,
            content: await runTool(call, tools, hooks, owner),
          });
        }
      }
      return finish(hooks, "Max iterations reached", "incomplete", maxIterations);
    },
  };
  await coordinator.mount("orchestrator", orchestrator);
};
