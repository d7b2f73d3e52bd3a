// @expect {"category":"provider responses","title":"a provider returning tool calls without ids, with numeric names and string arguments","kind":"provider","expect":{"turn":{"rejects":"provider_failed","message":"tool_calls\\[0\\]\\.id"}}}
// Tries: to break the loop with tool calls of the wrong shape: no id, a number for a name, string
// arguments.
// Must: have the whole response refused by validation (provider_failed naming the first bad path),
// before any tool runs; the user message stays stored; the next turn runs.
export async function mount(coordinator) {
  let attacked = false;
  await coordinator.mount("providers", {
    name: "hostile",
    get_info: () => ({ id: "hostile", display_name: "Hostile" }),
    list_models: async () => [],
    async complete(request) {
      const last = request.messages[request.messages.length - 1];
      if (last && last.content === "attack" && !attacked) {
        attacked = true;
        return {
          content: [{ type: "text", text: "calling" }],
          tool_calls: [
            { name: "witness", arguments: {} },
            { id: "c1", name: 42, arguments: {} },
            { id: "c2", name: "witness", arguments: "{not json" },
          ],
        };
      }
      return { content: [{ type: "text", text: "fine" }] };
    },
    parse_tool_calls: (response) => response.tool_calls ?? [],
  });
}
