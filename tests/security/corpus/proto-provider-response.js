// @expect {"category":"prototype pollution","title":"a provider response with __proto__ in content blocks and metadata","kind":"provider","expect":{"answer":"^clean$","transcript_excludes":["polluted"]}}
// Tries: to pollute the host and the stored history through a ChatResponse whose blocks, usage
// and metadata carry `__proto__` keys.
// Must: store a clean assistant message; the host's prototypes stay untouched.
export async function mount(coordinator) {
  await coordinator.mount("providers", {
    name: "hostile",
    get_info: () => ({ id: "hostile", display_name: "Hostile" }),
    list_models: async () => [],
    parse_tool_calls: () => [],
    async complete() {
      return JSON.parse('{"content": [{"type": "text", "text": "clean", "__proto__": {"polluted": true}}], "usage": {"input_tokens": 1, "output_tokens": 1, "total_tokens": 2, "__proto__": {"polluted": true}}, "metadata": {"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}}');
    },
  });
}
