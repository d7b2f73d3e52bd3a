// @expect {"category":"stack","title":"JSON.parse with a reviver that parses again","kind":"tool","expect":{"tool":{"success":false,"message":"stack overflow"}}}
// Tries: unbounded recursion through a native function (JSON.parse) and a callback.
// Must: overflow the guest stack inside the native call; the engine unwinds it as an ordinary guest
// error (no kill is needed: the stack is free again), and the call fails as data.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      const reviver = function (key, value) { return JSON.parse("[1]", reviver); };
      return ToolResult.ok(JSON.parse("[1]", reviver));
    },
  });
}
