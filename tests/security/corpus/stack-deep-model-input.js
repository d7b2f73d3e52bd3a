// @expect {"category":"stack","title":"the model sends the sandboxed tool an argument nested 1,000 arrays deep","kind":"tool","expect":{"tool":{"success":false,"code":"invalid_argument","message":"nested deeper than 512 levels"}},"hooks":[{"module":"hooks-corpus-deep-input","config":{"depth":1000}}]}
// Tries: (the model, not the module: a trusted test hook stands for it) to make the guest's
// JSON.parse recurse deep enough to overflow the host's native stack, killing an innocent module.
// Must: be refused on the host before it crosses (invalid_argument naming the limit), with no kill;
// the module keeps working.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "receives",
    async execute(input) {
      return ToolResult.ok(typeof input.deep);
    },
  });
}
