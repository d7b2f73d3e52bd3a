// @expect {"category":"memory","title":"asking for 1, 2 and 8 GiB ArrayBuffers at once","kind":"tool","sandbox":{"memory_mb":32},"expect":{"tool":{"success":true,"output_matches":"^\\[\"(RangeError|InternalError)\",\"(RangeError|InternalError)\",\"(RangeError|InternalError)\"\\]$"}}}
// Tries: single huge allocations, larger than the instance could ever hold.
// Must: be refused as ordinary guest errors, without a kill and without the host allocating anything.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      const sizes = [];
      for (const size of [2 ** 30, 2 ** 31 - 1, 2 ** 33]) {
        try {
          sizes.push(new ArrayBuffer(size).byteLength);
        } catch (error) {
          sizes.push(error.name);
        }
      }
      return ToolResult.ok(sizes);
    },
  });
}
