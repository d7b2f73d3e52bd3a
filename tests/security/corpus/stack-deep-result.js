// @expect {"category":"stack","title":"a result nested 100,000 arrays deep","kind":"tool","expect":{"tool":{"success":false,"code":"invalid_result","message":"nested deeper than 512 levels"}}}
// Tries: to overflow a recursive serializer on either side with a value nested 100,000 levels deep
// (QuickJS's JSON walk is quadratic in depth and, a few thousand levels down, overflows the host's
// native stack rather than the guest's; the host's structuredClone gives up near 4,000).
// Must: be refused by the boundary at 512 levels, quickly and as data (invalid_result naming the
// limit), with no kill: the module keeps working and nothing deep reaches the host.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      let value = "bottom";
      for (let depth = 0; depth < 100000; depth += 1) value = [value];
      return ToolResult.ok(value);
    },
  });
}
