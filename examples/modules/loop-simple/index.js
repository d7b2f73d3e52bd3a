// A third-party orchestrator: the seed's simple loop, with hooks on every step and the tool-call
// pairing the kernel expects (assistant message with its calls first, then one result per call).
function textOf(response) {
  return (response.content ?? [])
    .filter((block) => block.type === "text")
    .map((block) => block.text)
    .join("\n\n");
}

class SimpleLoop {
  constructor(config) {
    this.maxIterations = typeof config.max_iterations === "number" ? config.max_iterations : 10;
  }

  async execute(prompt, context, providers, tools, hooks, { coordinator }) {
    await hooks.emit("execution:start", { prompt });
    const submitted = await coordinator.process_hook_result(
      await hooks.emit("prompt:submit", { prompt }),
      "prompt:submit",
      "loop-simple",
    );
    if (submitted.action === "deny") return this.#finish(hooks, `Operation denied: ${submitted.reason}`, "denied", 0);
    const injected = submitted.action === "inject_context" && submitted.ephemeral ? submitted.context_injection : null;
    await context.add_message({ role: "user", content: prompt });
    const provider = Object.values(providers)[0];
    if (!provider) throw new Error("no provider is mounted");
    const specs = Object.values(tools).map((tool) => ({
      name: tool.name,
      description: tool.description,
      parameters: tool.input_schema,
    }));

    for (let iteration = 1; iteration <= this.maxIterations; iteration += 1) {
      if (coordinator.cancellation.is_cancelled) return this.#finish(hooks, "", "cancelled", iteration - 1);
      await hooks.emit("provider:request", { provider: provider.name, iteration });
      const messages = await context.get_messages_for_request({ provider });
      // An ephemeral prompt:submit injection is seen by the first request only, never stored.
      if (injected && iteration === 1) messages.push({ role: "system", content: injected });
      const response = await provider.complete({ messages, tools: specs });
      const calls = provider.parse_tool_calls(response);
      await hooks.emit("provider:response", {
        provider: provider.name,
        usage: response.usage,
        tool_calls: calls.length > 0,
      });
      if (calls.length === 0) {
        const text = textOf(response);
        await context.add_message({ role: "assistant", content: text });
        return this.#finish(hooks, text, "success", iteration);
      }
      await context.add_message({
        role: "assistant",
        content: textOf(response),
        tool_calls: calls.map((call) => ({ id: call.id, tool: call.name, arguments: call.arguments })),
      });
      for (const call of calls) {
        await context.add_message({
          role: "tool",
          tool_call_id: call.id,
          content: await this.#runTool(call, tools, hooks, coordinator),
        });
      }
    }
    return this.#finish(hooks, "Max iterations reached", "incomplete", this.maxIterations);
  }

  async #runTool(call, tools, hooks, coordinator) {
    const data = { tool_name: call.name, tool_call_id: call.id, tool_input: call.arguments };
    const pre = await coordinator.process_hook_result(await hooks.emit("tool:pre", data), "tool:pre", "loop-simple");
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
    return result.get_serialized_output();
  }

  async #finish(hooks, text, status, turns) {
    await hooks.emit("orchestrator:complete", { orchestrator: "loop-simple", turn_count: turns, status });
    await hooks.emit("execution:end", { response: text, status });
    return text;
  }
}

export async function mount(coordinator, config = {}) {
  await coordinator.mount("orchestrator", new SimpleLoop(config));
}
