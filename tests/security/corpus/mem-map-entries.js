// @expect {"category":"memory","title":"a Map that grows without bound","kind":"tool","sandbox":{"memory_mb":32,"timeout_ms":60000},"expect":{"tool":{"success":false,"code":"sandbox_memory"},"killed":["memory"]}}
// Tries: to exhaust memory with millions of small Map entries (many allocations, each small).
// Must: hit the instance's own 32 MiB WebAssembly.Memory cap: killed (memory), failed as data, restarted.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      const kept = new Map();
      for (let index = 0; ; index += 1) kept.set("key-" + index, { index });
    },
  });
}
