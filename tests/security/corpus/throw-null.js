// @expect {"category":"thrown values","title":"throwing null","kind":"tool","sandbox":{"restarts":1},"expect":{"tool":{"success":false,"code":"sandbox_memory"},"killed":["memory"]}}
// Tries: to throw null, which is also how QuickJS reports running out of memory when it cannot
// even allocate an error, hoping to confuse the host about the engine's state.
// Must: be treated the safe way: the host cannot tell it from a real out-of-memory, so it kills and
// restarts this module's own instance (killed: memory); only the module pays, with a restart.
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
