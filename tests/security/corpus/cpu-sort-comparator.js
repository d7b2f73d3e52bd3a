// @expect {"category":"cpu","title":"a native sort driving a slow comparator","kind":"tool","sandbox":{"timeout_ms":250},"expect":{"tool":{"success":false,"code":"sandbox_timeout"},"killed":["timeout"]}}
// Tries: to hide CPU time inside Array.prototype.sort, where the interrupt handler is polled rarely.
// Must: still be interrupted at its limit, fail as data, restart.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      const list = Array.from({ length: 200000 }, (_, index) => (index * 7919) % 200003);
      list.sort((a, b) => { for (let spin = 0; spin < 200; spin += 1); return a - b; });
      return ToolResult.ok(list.length);
    },
  });
}
