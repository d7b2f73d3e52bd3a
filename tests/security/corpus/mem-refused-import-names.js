// @expect {"category":"memory","title":"importing 64 refused module names of 1 MiB each","kind":"tool","sandbox":{"timeout_ms":60000},"expect":{"tool":{"success":true,"output":{"refused":64}}}}
// Tries: to grow the host's memory outside the sandbox's cap: every refused import() name used to
// be kept on the host for the instance's life, so long names in a loop filled the host's heap.
// Must: be refused each time, with the host keeping a bounded record of refusals whatever the
// names' sizes; the host, the witness and the session go on.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "imports long names",
    input_schema: { type: "object" },
    async execute() {
      const long = "m".repeat(1024 * 1024);
      let refused = 0;
      for (let index = 0; index < 64; index += 1) {
        try {
          await import(`${long}${index}`);
        } catch {
          refused += 1;
        }
      }
      return ToolResult.ok({ refused });
    },
  });
}
