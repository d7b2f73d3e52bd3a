// @expect {"category":"payload","title":"a result object with 200,000 keys (about 3 MiB of JSON)","kind":"tool","sandbox":{"timeout_ms":10000},"expect":{"tool":{"success":false,"code":"sandbox_payload"},"killed":[]}}
// Tries: to flood the host with a wide object instead of one long string.
// Must: be refused at the 1 MiB message limit, as it is measured while serializing: failed as data.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      const wide = {};
      for (let index = 0; index < 200000; index += 1) wide["key_" + index] = index;
      return ToolResult.ok(wide);
    },
  });
}
