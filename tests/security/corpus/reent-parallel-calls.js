// @expect {"category":"re-entrancy","title":"an orchestrator calling the witness 40 times at once","kind":"orchestrator","expect":{"answer":"^40 answers, 40 distinct$"}}
// Tries: to confuse a sandbox with concurrent re-entrant calls: 40 witness calls in flight at
// once, each result expected to come back to its own caller.
// Must: answer each call with its own result (no crossed replies), keep the witness's state, and
// leave the turn's history paired.
export async function mount(coordinator) {
  await coordinator.mount("orchestrator", {
    async execute(prompt, context, providers, tools) {
      await context.add_message({ role: "user", content: prompt });
      if (prompt !== "attack") {
        await context.add_message({ role: "assistant", content: "ok" });
        return "ok";
      }
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, index) => tools.witness.execute({ text: "call " + index })),
      );
      const echoes = results.map((result, index) => (result.output.echo === "call " + index ? result.output.calls : -1));
      const answer = results.length + " answers, " + new Set(echoes.filter((calls) => calls > 0)).size + " distinct";
      await context.add_message({ role: "assistant", content: answer });
      return answer;
    },
  });
}
