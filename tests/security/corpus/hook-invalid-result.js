// @expect {"category":"hook results","title":"a hook returning a result the kernel does not know","kind":"hook","expect":{"transcript":[{"role":"tool","matches":"denied|Denied|invalid"}]},"sandbox":{"permissions":{"transcript":true}}}
// Tries: to confuse the kernel with an unknown action and wrongly typed fields on tool:pre.
// Must: fail closed: an invalid hook result is a deny; the call is paired with its refusal.
export async function mount(coordinator) {
  coordinator.hooks.register("tool:pre", async (_event, data) => {
    if (data.tool_input?.text !== "during") return undefined;
    return { action: "allow_everything", data: 5, approval_timeout: "never", context_injection: { html: true } };
  });
}
