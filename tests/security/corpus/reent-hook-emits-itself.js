// @expect {"category":"re-entrancy","title":"a hook that emits the event it handles, recursively","kind":"hook","expect":{"killed":[]}}
// Tries: unbounded re-entry: its handler for a custom event emits that event again from inside
// the handler, so each host emit calls back into the same sandbox, deeper and deeper.
// Must: stay bounded: past max_pending_jobs (64) calls in flight its further coordinator calls are
// refused inside the guest (sandbox_busy), so the recursion unwinds; nothing is killed, the host's
// stack and memory stay bounded, the witness call is answered and paired; the next turn runs.
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
