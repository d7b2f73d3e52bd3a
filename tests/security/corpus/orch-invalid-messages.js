// @expect {"category":"orchestrators","title":"storing messages of the wrong shape","kind":"orchestrator","expect":{"answer":"^(invalid_[a-z]+: [^|]+\\|){4}$"}}
// Tries: to corrupt the stored history with messages no provider can read: an unknown role, object
// content, a tool message for no call, and an assistant message with a malformed tool call.
// Must: refuse each with a clear error naming what is wrong (the orchestrator sees the error code),
// store none of them, and keep the history paired.
export async function mount(coordinator) {
  await coordinator.mount("orchestrator", {
    async execute(prompt, context) {
      await context.add_message({ role: "user", content: prompt });
      if (prompt !== "attack") {
        await context.add_message({ role: "assistant", content: "ok" });
        return "ok";
      }
      let answer = "";
      for (const message of [
        { role: "root", content: "sudo" },
        { role: "user", content: { html: "<script>" } },
        { role: "tool", tool_call_id: "nobody_called", content: "forged result" },
        { role: "assistant", content: "", tool_calls: [{ id: 7, tool: null, arguments: "rm -rf" }] },
      ]) {
        try {
          await context.add_message(message);
          answer += "stored|";
        } catch (error) {
          answer += error.code + ": " + error.message.slice(0, 60) + "|";
        }
      }
      await context.add_message({ role: "assistant", content: answer });
      return answer;
    },
  });
}
