// @expect {"category":"stack","title":"mutual recursion ten million deep","kind":"tool","expect":{"tool":{"success":false,"code":"sandbox_stack"},"killed":[]}}
// Tries: to overflow the stack through two functions calling each other.
// Must: hit the 256 KiB QuickJS stack limit before the host's stack: the call fails as data
// (sandbox_stack); the engine unwinds, so nothing is killed and the module answers its next call.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      const even = (n) => (n === 0 ? true : odd(n - 1));
      const odd = (n) => (n === 0 ? false : even(n - 1));
      return ToolResult.ok(even(1e7));
    },
  });
}
