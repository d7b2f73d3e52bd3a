// @expect {"category":"native loops","title":"a naive string search of a 4 KiB needle in 1 MiB of text","kind":"tool","sandbox":{"timeout_ms":250},"expect":{"tool":{"success":false,"code":"sandbox_timeout"},"killed":["timeout"]}}
// Tries: the engine's string search compares byte by byte from every position: indexOf of
// "a" * 4096 + "b" in "a" * 1 MiB is four billion steps in C (30 s measured, one interrupt poll),
// with only 1 MiB of memory used.
// Must: run as a guest loop once text length times needle length is large, so the interrupt
// reaches it: killed at its 250 ms limit (timeout), failed as data, restarted.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute() {
      const text = "a".repeat(1 << 20);
      const needle = `${"a".repeat(1 << 12)}b`;
      return ToolResult.ok([text.indexOf(needle), text.includes(needle), text.split(needle).length]);
    },
  });
}
