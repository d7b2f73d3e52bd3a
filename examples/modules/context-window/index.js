// A third-party context manager: keeps the whole history, and sends the model a window of the
// most recent messages (system messages always kept; a tool result never without its call).

class WindowContext {
  constructor(config) {
    this.maxMessages = typeof config.max_messages === "number" ? config.max_messages : 20;
    this.messages = [];
  }

  async add_message(message) {
    this.messages.push({ ...message });
  }

  async get_messages_for_request(options = {}) {
    const system = this.messages.filter((message) => message.role === "system");
    const rest = this.messages.filter((message) => message.role !== "system");
    let start = Math.max(0, rest.length - this.maxMessages);
    // Never start the window on a tool result whose assistant call was cut off.
    while (start > 0 && rest[start].role === "tool") start -= 1;
    const budget = options.token_budget ?? options.provider?.get_info()?.defaults?.context_window;
    const window = [...system, ...rest.slice(start)];
    if (typeof budget === "number") {
      while (window.length > system.length + 1 && JSON.stringify(window).length / 4 > budget) {
        window.splice(system.length, 1);
      }
    }
    return window.map((message) => ({ ...message }));
  }

  async get_messages() {
    return this.messages.map((message) => ({ ...message }));
  }

  async set_messages(messages) {
    this.messages = messages.map((message) => ({ ...message }));
  }

  async clear() {
    this.messages = [];
  }
}

export async function mount(coordinator, config = {}) {
  await coordinator.mount("context", new WindowContext(config));
}
