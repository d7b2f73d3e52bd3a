// @expect {"category":"isolation","title":"reading and overwriting the witness module's global state","kind":"tool","expect":{"tool":{"success":true,"output":{"seen":"undefined","coordinatorSees":null}}}}
// Tries: to read the state the witness keeps in its global object, to overwrite it, and to reach the
// witness's tool through the coordinator.
// Must: see nothing of the witness: each module has its own instance; the witness keeps its state.
import { ToolResult } from "amplifier-core";

let coordinatorRef;
export async function mount(coordinator) {
  coordinatorRef = coordinator;
  await coordinator.mount("tools", {
    name: "hostile",
    description: "snoops",
    async execute() {
      const seen = typeof globalThis.__witness_state;
      globalThis.__witness_state = "overwritten by hostile";
      return ToolResult.ok({ seen, coordinatorSees: coordinatorRef.get("tools", "witness") });
    },
  });
}
