// @expect {"category":"memory","title":"a linked list of small objects kept alive","kind":"tool","sandbox":{"memory_mb":32,"timeout_ms":60000},"expect":{"tool":{"success":false,"code":"sandbox_memory"},"killed":["memory"]}}
// Tries: to exhaust memory with a chain of small objects, each reachable from the next.
// Must: hit the 32 MiB cap: killed (memory), failed as data, restarted; the witness keeps its memory.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      let head = null;
      for (;;) head = { next: head, pad: [1, 2, 3, 4] };
    },
  });
}
