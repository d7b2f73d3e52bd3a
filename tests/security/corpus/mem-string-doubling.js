// @expect {"category":"memory","title":"doubling a string until memory runs out","kind":"tool","sandbox":{"memory_mb":32,"timeout_ms":60000},"expect":{"tool":{"success":false},"killed":[]}}
// Tries: to exhaust memory with one ever-larger string.
// Must: be refused inside the guest (QuickJS caps string length and the instance memory is capped);
// the call fails as data; the host is untouched.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      let text = "x";
      for (;;) text += text;
    },
  });
}
