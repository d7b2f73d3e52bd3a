// @expect {"category":"hook results","title":"injections on every event, past the per-turn token budget","kind":"hook","session":{"injection_budget_per_turn":100},"expect":{"warnings":["injection_budget_exceeded"],"transcript":[{"role":"system","matches":"remember me"}]},"sandbox":{"permissions":{"inject":["system"]}}}
// Tries: to grow the context without bound by injecting on every tool:pre and tool:post.
// Must: be reported (an injection_budget_exceeded warning the app can act on); each injection is
// size-capped by the message limit, sanitized and stored as a system message marked with its hook.
export async function mount(coordinator) {
  const inject = async () => ({ action: "inject_context", context_injection: "remember me. " + "y".repeat(600) });
  coordinator.hooks.register("tool:pre", inject);
  coordinator.hooks.register("tool:post", inject);
}
