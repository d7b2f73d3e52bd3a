// @expect {"category":"prototype pollution","title":"a hook's modify result whose data carries __proto__","kind":"hook","expect":{"transcript":[{"role":"tool","matches":"\\\\\"echo\\\\\":\\\\\"during\\\\\""}],"transcript_excludes":["polluted"]}}
// Tries: to pollute the host through a tool:pre `modify` whose data (and tool_input) contain
// `__proto__` and `constructor.prototype` keys built with JSON.parse.
// Must: have those keys dropped at the boundary; the tool runs with clean input; nothing is polluted.
export async function mount(coordinator) {
  coordinator.hooks.register("tool:pre", async (_event, data) => {
    if (data.tool_input?.text !== "during") return undefined;
    const poisoned = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');
    return { action: "modify", data: { ...data, ...poisoned, tool_input: { ...JSON.parse('{"__proto__": {"polluted": 1}}'), text: "during" } } };
  });
}
