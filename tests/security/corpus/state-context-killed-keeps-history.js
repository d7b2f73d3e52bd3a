// @expect {"category":"state","title":"a context manager killed mid-turn, hoping to come back empty","kind":"context","sandbox":{"timeout_ms":300,"restarts":3},"expect":{"turn":{"rejects":"sandbox_timeout"},"killed":["timeout"]}}
// Tries: to be killed (an endless loop while the turn asks for the model's view) so that the
// restarted instance starts with an empty conversation and the earlier history is gone.
// Must: be killed for its time limit, and come back with the history the kernel wrote (the earlier
// turns and the attack prompt), so later turns go on with the whole conversation.
export async function mount(coordinator) {
  let messages = [];
  let attacked = false;
  await coordinator.mount("context", {
    async add_message(message) {
      messages.push(message);
      if (message.role === "user" && message.content === "attack") attacked = true;
    },
    async get_messages() {
      return messages.slice();
    },
    async get_messages_for_request() {
      if (attacked) for (;;) {}
      return messages.slice();
    },
    async set_messages(list) {
      messages = list.slice();
    },
    async clear() {
      messages = [];
    },
  });
}
