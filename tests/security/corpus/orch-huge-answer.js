// @expect {"category":"orchestrators","title":"an orchestrator answering with 2 MiB","kind":"orchestrator","expect":{"turn":{"rejects":"sandbox_payload"},"killed":["payload"]}}
// Tries: to push an oversized answer through the session to the app on the attack turn.
// Must: be stopped at the 1 MiB message limit (killed: payload); the turn fails with
// sandbox_payload; the history stays as it was; the restarted orchestrator answers the next turn.
export async function mount(coordinator) {
  await coordinator.mount("orchestrator", {
    async execute(prompt, context) {
      await context.add_message({ role: "user", content: prompt });
      const answer = prompt === "attack" ? "w".repeat(2 * 1024 * 1024) : "ok";
      if (prompt !== "attack") await context.add_message({ role: "assistant", content: answer });
      return answer;
    },
  });
}
