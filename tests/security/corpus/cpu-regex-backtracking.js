// @expect {"category":"cpu","title":"catastrophic regular-expression backtracking","kind":"tool","sandbox":{"timeout_ms":250},"expect":{"tool":{"success":false,"code":"sandbox_timeout"},"killed":["timeout"]}}
// Tries: to burn CPU inside the regex engine (native code, no bytecode loop) with /^(a+)+$/ on 40 a's.
// Must: be interrupted (the regex engine polls the interrupt handler), fail as data, restart.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      return ToolResult.ok(/^(a+)+$/.test("a".repeat(40) + "!"));
    },
  });
}
