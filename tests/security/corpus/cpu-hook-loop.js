// @expect {"category":"cpu","title":"a tool:pre hook that never returns","kind":"hook","sandbox":{"timeout_ms":250,"permissions":{"transcript":true}},"expect":{"killed":["timeout"],"transcript":[{"role":"tool","matches":"denied|Denied"}]}}
// Tries: to freeze every turn from inside a hook on tool:pre.
// Must: be stopped at its limit; the hook fails closed (the call is denied, paired with a result);
// the turn finishes and the next turn runs normally.
export async function mount(coordinator) {
  coordinator.hooks.register("tool:pre", async (_event, data) => {
    if (data.tool_input?.text === "during") for (;;) {}
    return undefined;
  });
}
