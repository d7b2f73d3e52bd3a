// @expect {"category":"stack","title":"a Proxy whose get trap reads itself","kind":"tool","expect":{"tool":{"success":false,"code":"sandbox_stack"},"killed":[]}}
// Tries: unbounded recursion through native Proxy traps rather than plain calls.
// Must: hit the stack limit: the call fails as data (sandbox_stack); nothing is killed.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      const handler = { get: (target, key) => proxy[key] };
      const proxy = new Proxy({}, handler);
      return ToolResult.ok(proxy.anything);
    },
  });
}
