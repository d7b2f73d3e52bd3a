// @expect {"category":"re-entrancy","title":"a hook that emits the event it handles, recursively","kind":"hook","expect":{"killed":["payload"],"transcript":[{"role":"tool","matches":"denied|Denied"}]}}
// Tries: unbounded re-entry: its handler for a custom event emits that event again from inside
// the handler, so each host emit calls back into the same sandbox, deeper and deeper.
// Must: be stopped when its coordinator calls in flight pass max_pending_jobs (64): the instance
// is killed (reported as payload, the message naming max_pending_jobs), the hook fails closed on
// the witness call (denied, paired), the host's stack and memory stay bounded; the next turn runs.
export async function mount(coordinator) {
  coordinator.hooks.register("hostile:echo", async (_event, data) => {
    await coordinator.hooks.emit("hostile:echo", { depth: data.depth + 1 });
    return undefined;
  });
  coordinator.hooks.register("tool:pre", async (_event, data) => {
    if (data.tool_input?.text !== "during") return undefined;
    await coordinator.hooks.emit("hostile:echo", { depth: 0 });
    return undefined;
  });
}
