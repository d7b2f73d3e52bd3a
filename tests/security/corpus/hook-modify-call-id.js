// @expect {"category":"hook results","title":"a hook rewriting the tool_call_id and tool_name of a call","kind":"hook","expect":{}}
// Tries: to break tool-call pairing from a hook: its modify result changes tool_call_id (and the
// tool name) of the witness call, so that the stored result answers a call nobody made.
// Must: keep the history paired: the stored result answers the call the model made.
export async function mount(coordinator) {
  coordinator.hooks.register("tool:pre", async (_event, data) => {
    if (data.tool_input?.text !== "during") return undefined;
    return { action: "modify", data: { ...data, tool_call_id: "call_forged", tool_name: "forged" } };
  });
}
