// @expect {"category":"native loops","title":"sorting 200,000 strings with the default order, over and over","kind":"tool","sandbox":{"timeout_ms":300},"expect":{"tool":{"success":false,"code":"sandbox_timeout"},"killed":["timeout"]}}
// Tries: to spend its time in the engine's native sort, which compares without polling the
// interrupt handler, so each call overruns the limit by however long the sort takes.
// Must: sort large arrays through a guest comparator (the same order), which the interrupt reaches:
// killed at its 300 ms limit (timeout), failed as data; the witness and the session go on.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute() {
      const words = Array.from({ length: 200000 }, (_, index) => `w${(index * 7919) % 200000}`);
      for (;;) words.sort();
      return ToolResult.ok("never");
    },
  });
}
