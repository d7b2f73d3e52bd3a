// @expect {"category":"hook results","title":"a tool:post hook injecting 2 MiB of context","kind":"hook","expect":{"killed":[],"transcript_excludes":["zzzzzzzzzzzzzzzz"]}}
// Tries: to flood the conversation (and every later model request) with one huge context injection.
// Must: be refused at the 1 MiB message limit while the result is serialized, before anything is
// stored: the hook's call fails (sandbox_payload, fail closed), nothing is killed (a size the guest
// measures itself is the guest's word); no injected text reaches the history; the turn finishes.
export async function mount(coordinator) {
  coordinator.hooks.register("tool:post", async (_event, data) => {
    if (data.tool_input?.text !== "during") return undefined;
    return { action: "inject_context", context_injection: "z".repeat(2 * 1024 * 1024) };
  });
}
