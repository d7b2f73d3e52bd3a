// @expect {"category":"cpu","title":"a microtask flood: every job schedules two more","kind":"tool","sandbox":{"timeout_ms":250},"expect":{"tool":{"success":false,"code":"sandbox_timeout"},"killed":["timeout"]}}
// Tries: to drown the job queue with an exponentially growing number of promise jobs, then wait forever.
// Must: be stopped by its time limit (or memory cap) while draining; fail as data; the host never spins.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      const spawn = (depth) => Promise.resolve().then(() => { spawn(depth + 1); spawn(depth + 1); });
      spawn(0);
      await new Promise(() => {});
    },
  });
}
