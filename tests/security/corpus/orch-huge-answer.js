// @expect {"category":"orchestrators","title":"an orchestrator answering with 2 MiB","kind":"orchestrator","expect":{"turn":{"rejects":"sandbox_payload"},"killed":[]}}
// Tries: to push an oversized answer through the session to the app on the attack turn.
// Must: be refused at the 1 MiB message limit while it is serialized; the turn fails with
// sandbox_payload; nothing is killed; the history stays as it was; the orchestrator answers the next turn.
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
