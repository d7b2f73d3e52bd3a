// @expect {"category":"non-JSON values","title":"a BigInt deep inside a tool result","kind":"tool","expect":{"tool":{"success":false,"code":"invalid_result","message":"BigInt cannot cross"}}}
// Tries: to return a value JSON cannot carry (a BigInt at output.stats.total), hoping the host
// serializer throws an untyped TypeError somewhere in the kernel.
// Must: be refused inside the guest with invalid_result naming the path; no kill; the module keeps working.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      return ToolResult.ok({ stats: { total: 12345678901234567890n } });
    },
  });
}
