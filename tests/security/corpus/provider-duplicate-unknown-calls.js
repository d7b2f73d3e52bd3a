// @expect {"category":"provider responses","title":"a provider calling an unknown tool and reusing a call id","kind":"provider","expect":{"answer":"^fine$","transcript":[{"role":"tool","matches":"eval"}]}}
// Tries: to break pairing with well-formed but hostile calls: a tool that does not exist, then two
// calls that share one id.
// Must: answer every call with exactly one result in call order (an error result for the unknown
// tool), keep the stored history valid for the next request, and finish the turn.
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
            { id: "c1", name: "eval", arguments: { code: "process.exit()" } },
            { id: "c2", name: "witness", arguments: { text: "first" } },
            { id: "c2", name: "witness", arguments: { text: "second" } },
          ],
        };
      }
      return { content: [{ type: "text", text: "fine" }] };
    },
    parse_tool_calls: (response) => response.tool_calls ?? [],
  });
}
