// @expect {"category":"hook results","title":"an injection larger than the session's injection_size_limit","kind":"hook","session":{"injection_size_limit":1000},"expect":{"transcript_excludes":["zzzzzzzzzzzzzzzz"],"turn":{"rejects":"invalid_result","message":"exceeds 1000 characters"}},"attack_script":[{"tool_calls":[{"id":"call_attack","name":"witness","arguments":{"text":"during"}}]}],"sandbox":{"permissions":{"inject":["system"],"transcript":true}}}
// Tries: to inject 50,000 characters on tool:post when the session allows 1,000 per injection.
// Must: refuse the injection with invalid_result naming the limit, which fails this turn (a hook
// may stop a turn, as it may deny one); nothing of it is stored, the history stays paired, and
// the next turn runs normally.
export async function mount(coordinator) {
  coordinator.hooks.register("tool:post", async (_event, data) => {
    if (data.tool_input?.text !== "during") return undefined;
    return { action: "inject_context", context_injection: "z".repeat(50000) };
  });
}
