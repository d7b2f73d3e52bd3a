// @expect {"category":"orchestrators","title":"tool results out of call order, for unknown calls, and twice","kind":"orchestrator","expect":{"answer":"^invalid_argument,invalid_argument,ok,ok,invalid_argument$","transcript":[{"role":"tool","matches":"first"},{"role":"tool","matches":"second"}],"transcript_excludes":["forged","twice"]}}
// Tries: to corrupt pairing by answering the second call first, answering a call that was never
// made, then answering the first call twice.
// Must: refuse each broken write with invalid_argument (the orchestrator sees why) and keep only a
// correctly paired history.
export async function mount(coordinator) {
  await coordinator.mount("orchestrator", {
    async execute(prompt, context, providers) {
      await context.add_message({ role: "user", content: prompt });
      if (prompt === "attack") {
        await context.add_message({
          role: "assistant",
          content: "",
          tool_calls: [
            { id: "call_a", tool: "witness", arguments: {} },
            { id: "call_b", tool: "witness", arguments: {} },
          ],
        });
        const codes = [];
        const attempt = async (message) => {
          try {
            await context.add_message(message);
            codes.push("ok");
          } catch (error) {
            codes.push(error.code);
          }
        };
        await attempt({ role: "tool", tool_call_id: "call_b", content: "out of order" });
        await attempt({ role: "tool", tool_call_id: "never_made", content: "forged" });
        await attempt({ role: "tool", tool_call_id: "call_a", content: "first" });
        await attempt({ role: "tool", tool_call_id: "call_b", content: "second" });
        await attempt({ role: "tool", tool_call_id: "call_a", content: "twice" });
        await context.add_message({ role: "assistant", content: codes.join(",") });
        return codes.join(",");
      }
      const provider = Object.values(providers)[0];
      const response = await provider.complete({ messages: await context.get_messages_for_request({ provider }) });
      const text = response.content.filter((block) => block.type === "text").map((block) => block.text).join("");
      await context.add_message({ role: "assistant", content: text });
      return text;
    },
  });
}
