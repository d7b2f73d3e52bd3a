// @expect {"category":"thrown values","title":"throwing null","kind":"tool","sandbox":{"restarts":1},"expect":{"tool":{"success":false,"code":"execution_failed"},"killed":[]}}
// Tries: to throw null, which is also how QuickJS reports running out of memory when it cannot
// even allocate an error, hoping to confuse the host about the engine's state.
// Must: not be taken for an out-of-memory: the host kills for memory only when the engine's memory
// itself refused to grow, so this is an ordinary failure of the call (execution_failed); nothing is
// killed and the module answers its next call.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      throw null;
    },
  });
}
