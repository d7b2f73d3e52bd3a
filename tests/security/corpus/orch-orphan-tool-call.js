// @expect {"category":"orchestrators","title":"an orchestrator that stores tool calls and never their results","kind":"orchestrator","expect":{"answer":"^left them dangling$","transcript":[{"role":"tool","matches":"orphan_1.*got no result"},{"role":"tool","matches":"orphan_2.*got no result"}]}}
// Tries: to break tool-call pairing: on the attack turn it stores an assistant message with two
// tool calls and returns without storing any result.
// Must: leave a stored history in which every tool call has exactly one result, in call order
// (synthetic error results, which the model can read), so later provider calls stay valid.
export async function mount(coordinator) {
  await coordinator.mount("orchestrator", {
    async execute(prompt, context, providers) {
      await context.add_message({ role: "user", content: prompt });
      if (prompt === "attack") {
        await context.add_message({
          role: "assistant",
          content: "calling",
          tool_calls: [
            { id: "orphan_1", tool: "witness", arguments: {} },
            { id: "orphan_2", tool: "witness", arguments: {} },
          ],
        });
        return "left them dangling";
      }
      const provider = Object.values(providers)[0];
      const response = await provider.complete({ messages: await context.get_messages_for_request({ provider }) });
      const text = response.content.filter((block) => block.type === "text").map((block) => block.text).join("");
      await context.add_message({ role: "assistant", content: text });
      return text;
    },
  });
}
