// A third-party provider module: a deterministic model that echoes the last user message.
// When the message asks to "count words: <text>" and a word_count tool is offered, it first
// calls the tool, then answers with the tool's result.
const MODEL = {
  id: "echo-1",
  display_name: "Echo 1",
  context_window: 8192,
  max_output_tokens: 1024,
  capabilities: ["tools"],
};

function textOf(message) {
  if (typeof message.content === "string") return message.content;
  return message.content
    .filter((block) => block.type === "text")
    .map((block) => block.text)
    .join("\n");
}

class EchoProvider {
  name = "echo";

  constructor(config) {
    this.prefix = config.prefix ?? "echo: ";
    this.calls = 0;
  }

  get_info() {
    return {
      id: "echo",
      display_name: "Echo Provider",
      credential_env_vars: [],
      capabilities: ["tools"],
      defaults: { model: MODEL.id, context_window: MODEL.context_window, max_output_tokens: MODEL.max_output_tokens },
    };
  }

  async list_models() {
    return [MODEL];
  }

  async complete(request) {
    this.calls += 1;
    const messages = request.messages;
    const last = messages[messages.length - 1];
    const usage = { input_tokens: messages.length * 10, output_tokens: 5, total_tokens: messages.length * 10 + 5 };
    if (last && last.role === "tool") {
      return {
        content: [{ type: "text", text: `${this.prefix}the tool said ${textOf(last)}` }],
        usage,
        finish_reason: "stop",
      };
    }
    const lastUser = [...messages].reverse().find((message) => message.role === "user");
    const text = lastUser ? textOf(lastUser) : "";
    const wantsCount = text.startsWith("count words: ");
    const offersTool = (request.tools ?? []).some((tool) => tool.name === "word_count");
    if (wantsCount && offersTool) {
      const call = {
        id: `call_${this.calls}`,
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
    return { content: [{ type: "text", text: `${this.prefix}${text}` }], usage, finish_reason: "stop" };
  }

  parse_tool_calls(response) {
    return response.tool_calls ?? [];
  }
}

export async function mount(coordinator, config = {}) {
  const provider = new EchoProvider(config);
  await coordinator.mount("providers", provider, { name: "echo" });
  return async () => {
    provider.calls = 0;
  };
}
