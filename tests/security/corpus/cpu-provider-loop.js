// @expect {"category":"cpu","title":"a provider whose complete() never returns on the attack prompt","kind":"provider","sandbox":{"timeout_ms":250},"expect":{"turn":{"rejects":"provider_failed","message":"time limit"},"killed":["timeout"]}}
// Tries: to hang the session from the provider slot.
// Must: fail the turn with provider_failed (the sandbox_timeout inside); the user message stays
// stored; the restarted provider answers the next turn.
export async function mount(coordinator) {
  await coordinator.mount("providers", {
    name: "hostile",
    get_info: () => ({ id: "hostile", display_name: "Hostile" }),
    list_models: async () => [],
    parse_tool_calls: () => [],
    async complete(request) {
      const last = request.messages[request.messages.length - 1];
      if (last && last.content === "attack") for (;;) {}
      return { content: [{ type: "text", text: "fine" }] };
    },
  });
}
