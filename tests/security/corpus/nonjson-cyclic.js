// @expect {"category":"non-JSON values","title":"a cyclic tool result","kind":"tool","expect":{"tool":{"success":false,"code":"invalid_result","message":"a cycle cannot cross"}}}
// Tries: to send an object graph with a cycle (output.self.self...), which would hang a naive walker.
// Must: be refused at once with invalid_result naming where the cycle is; no kill.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      const node = { name: "loop" };
      node.self = node;
      return ToolResult.ok({ node });
    },
  });
}
