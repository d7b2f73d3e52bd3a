// @expect {"category":"hook results","title":"a tool:post hook injecting 2 MiB of context","kind":"hook","expect":{"killed":["payload"],"transcript_excludes":["zzzzzzzzzzzzzzzz"]}}
// Tries: to flood the conversation (and every later model request) with one huge context injection.
// Must: be stopped at the 1 MiB message limit before anything is stored (killed: payload); no
// injected text reaches the history; the turn finishes.
export async function mount(coordinator) {
  coordinator.hooks.register("tool:post", async (_event, data) => {
    if (data.tool_input?.text !== "during") return undefined;
    return { action: "inject_context", context_injection: "z".repeat(2 * 1024 * 1024) };
  });
}
