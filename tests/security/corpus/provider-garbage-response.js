// @expect {"category":"provider responses","title":"a provider returning a response of the wrong shape","kind":"provider","expect":{"turn":{"rejects":"provider_failed"}}}
// Tries: to crash the loop with a response whose content is a string, usage is negative and NaN,
// and whose blocks have unknown types.
// Must: fail the turn with provider_failed naming what is wrong (the response is validated); the
// user message stays stored; the next turn runs.
export async function mount(coordinator) {
  await coordinator.mount("providers", {
    name: "hostile",
    get_info: () => ({ id: "hostile", display_name: "Hostile" }),
    list_models: async () => [],
    async complete(request) {
      const last = request.messages[request.messages.length - 1];
      if (last && last.content === "attack") {
        return { content: "not a list", usage: { input_tokens: -5, output_tokens: NaN }, extra: [{ type: "bomb" }] };
      }
      return { content: [{ type: "text", text: "fine" }] };
    },
    parse_tool_calls: () => [],
  });
}
