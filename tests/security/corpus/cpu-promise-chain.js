// @expect {"category":"cpu","title":"an endless await chain (an async infinite loop)","kind":"tool","sandbox":{"timeout_ms":250},"expect":{"tool":{"success":false,"code":"sandbox_timeout"},"killed":["timeout"]}}
// Tries: to never finish by awaiting in a loop, so that no single job runs long but the jobs never end.
// Must: be stopped at its time limit (the guard counts every job of the call), fail as data, restart.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      for (;;) {
        await null;
        await Promise.resolve(1);
      }
    },
  });
}
