// @expect {"category":"memory","title":"a hook that exhausts memory on tool:pre","kind":"hook","sandbox":{"memory_mb":32,"timeout_ms":60000,"permissions":{"transcript":true}},"expect":{"killed":["memory"],"transcript":[{"role":"tool","matches":"denied|Denied"}]}}
// Tries: to take the session down from a hook by exhausting memory mid-turn.
// Must: be killed (memory); the hook fails closed (deny, paired result); the next turn runs.
const kept = [];
export async function mount(coordinator) {
  coordinator.hooks.register("tool:pre", async (_event, data) => {
    if (data.tool_input?.text === "during") for (;;) kept.push("x".repeat(1e5) + kept.length);
    return undefined;
  });
}
