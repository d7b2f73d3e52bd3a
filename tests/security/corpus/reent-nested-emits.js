// @expect {"category":"re-entrancy","title":"a hook whose handler calls back into its own sandbox ten levels deep","kind":"hook","expect":{"transcript":[{"role":"system","matches":"reached depth 10 with 10 nested calls"}]},"sandbox":{"permissions":{"transcript":true,"inject":["system"]}}}
// Tries: re-entrant calls into one instance: while its tool:post handler waits on the host, the
// host calls the same sandbox again (a nested emit handled by the same module), ten levels deep,
// each level keeping state on the guest's stack, hoping replies cross or state leaks between calls.
// Must: work as plain nested calls: every reply reaches its own caller (the depth and count add
// up), nothing is killed, and the injected note is stored once.
let nested = 0;
let reached = 0;
export async function mount(coordinator) {
  coordinator.hooks.register("hostile:deeper", async (_event, data) => {
    nested += 1;
    if (data.depth < 10) await coordinator.hooks.emit("hostile:deeper", { depth: data.depth + 1 });
    else reached = data.depth;
    return undefined;
  });
  coordinator.hooks.register("tool:post", async (_event, data) => {
    if (data.tool_input?.text !== "during") return undefined;
    nested = 0;
    await coordinator.hooks.emit("hostile:deeper", { depth: 1 });
    return { action: "inject_context", context_injection: "reached depth " + reached + " with " + nested + " nested calls" };
  });
}
