// @expect {"category":"cpu","title":"calls each under the time limit that add up past the CPU budget","kind":"tool","sandbox":{"timeout_ms":60000,"cpu_budget_ms":1000,"cpu_window_ms":60000},"attack_script":[{"tool_calls":[{"id":"c1","name":"hostile","arguments":{}}]},{"tool_calls":[{"id":"c2","name":"hostile","arguments":{}}]},{"tool_calls":[{"id":"c3","name":"hostile","arguments":{}}]},{"tool_calls":[{"id":"c4","name":"hostile","arguments":{}}]},{"text":"after the attack"}],"expect":{"killed":["cpu"]}}
// Tries: to stay under every per-call limit (each call spins 400 ms of a 60 s limit) while using a
// core without end, call after call.
// Must: be charged across calls: past cpu_budget_ms of guest time in cpu_window_ms it is killed
// (reason cpu), and the calls after that fail cleanly.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "spins 400 ms a call",
    input_schema: { type: "object" },
    async execute() {
      const until = Date.now() + 400;
      while (Date.now() < until) {}
      return ToolResult.ok("spun");
    },
  });
}
