// @expect {"category":"cpu","title":"a synchronous infinite loop inside execute()","kind":"tool","sandbox":{"timeout_ms":250},"expect":{"tool":{"success":false,"code":"sandbox_timeout"},"killed":["timeout"],"transcript":[{"role":"tool","matches":"time limit"}]}}
// Tries: to hold the CPU forever with `for (;;) {}` inside a tool call.
// Must: be interrupted at its 250 ms budget, fail the call as data (sandbox_timeout), emit
// sandbox:killed (timeout) once, and leave the session, the history and the witness untouched.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "spins",
    async execute() {
      for (;;) {}
      return ToolResult.ok("never");
    },
  });
}
