// @expect {"category":"non-JSON values","title":"a function in a tool result","kind":"tool","expect":{"tool":{"success":false,"code":"invalid_result","message":"output\\.callback: a function cannot cross"}}}
// Tries: to hand the host a guest function (a callable reference into the sandbox).
// Must: be refused with invalid_result naming the path (output.callback); nothing callable leaves.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      return ToolResult.ok({ callback() { return "called from the host"; } });
    },
  });
}
