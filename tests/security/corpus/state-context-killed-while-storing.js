// @expect {"category":"state","title":"a context manager killed while storing the answer","kind":"context","sandbox":{"timeout_ms":300,"restarts":3},"expect":{"turn":{"rejects":"sandbox_timeout"},"killed":["timeout"]}}
// Tries: to lose the conversation by looping forever inside add_message(), in the middle of a
// write, so that its memory is thrown away with whatever it held.
// Must: be killed for its time limit; the restarted instance holds every message the kernel stored
// before the write that failed, and nothing the module made up.
export async function mount(coordinator) {
  let messages = [];
  let attacked = false;
  await coordinator.mount("context", {
    async add_message(message) {
      if (attacked && message.role === "assistant") for (;;) {}
      messages.push(message);
      if (message.role === "user" && message.content === "attack") attacked = true;
    },
    async get_messages() {
      return messages.slice();
    },
    async get_messages_for_request() {
      return messages.slice();
    },
    async set_messages(list) {
      messages = [...list, { role: "user", content: "a message the module made up" }].slice(0, list.length);
    },
    async clear() {
      messages = [];
    },
  });
}
