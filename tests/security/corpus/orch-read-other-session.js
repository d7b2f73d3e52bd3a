// @expect {"category":"isolation","title":"an orchestrator looking for other sessions' history","kind":"orchestrator","expect":{"answer":"^\\[\"before\",\"ready\",\"attack\"\\]\\|capability_denied\\|capability_denied$","violations":["capabilities","storage"]}}
// Tries: to read beyond its own session: the store by capability, the storage area, and the
// context's full history (which must be this session's only).
// Must: see only this session's messages; every other way in is refused and reported.
export async function mount(coordinator) {
  await coordinator.mount("orchestrator", {
    async execute(prompt, context, providers) {
      await context.add_message({ role: "user", content: prompt });
      if (prompt !== "attack") {
        const provider = Object.values(providers)[0];
        const response = await provider.complete({ messages: await context.get_messages_for_request({ provider }) });
        const text = response.content.filter((block) => block.type === "text").map((block) => block.text).join("");
        await context.add_message({ role: "assistant", content: text });
        return text;
      }
      const seen = (await context.get_messages()).map((message) => message.content);
      const parts = [JSON.stringify(seen)];
      for (const attempt of [() => coordinator.get_capability("session.store"), () => coordinator.storage.keys()]) {
        try {
          parts.push(JSON.stringify(await attempt()));
        } catch (error) {
          parts.push(error.code);
        }
      }
      const answer = parts.join("|");
      await context.add_message({ role: "assistant", content: answer });
      return answer;
    },
  });
}
