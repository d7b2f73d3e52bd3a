// @expect {"category":"cpu","title":"a loop of async calls that absorb the engine's interrupt","kind":"tool","sandbox":{"timeout_ms":250},"expect":{"tool":{"success":false,"code":"sandbox_timeout"},"killed":["timeout"]}}
// Tries: to outrun the CPU limit: QuickJS's uncatchable interrupt becomes a plain rejection when
// it crosses an async function frame, so a synchronous loop that spends its time inside async
// calls is interrupted again and again and never stops (it ran for minutes before the fix).
// Must: be abandoned by force once it keeps running after the interrupt: killed (timeout) close
// to its 250 ms budget, failed as data, restarted; the host thread is free again.
import { ToolResult } from "amplifier-core";

async function burn() {
  for (let index = 0; index < 1e6; index += 1);
}

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute() {
      for (;;) {
        burn(); burn(); burn(); burn(); burn(); burn(); burn(); burn(); burn(); burn();
      }
      return ToolResult.ok("never");
    },
  });
}
