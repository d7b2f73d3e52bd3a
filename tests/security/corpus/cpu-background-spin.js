// @expect {"category":"cpu","title":"spinning in the background after one cheap call, with no call in flight","kind":"tool","sandbox":{"timeout_ms":60000},"expect":{"killed":["cpu"]}}
// Tries: to burn CPU where no per-call limit looks: a promise chain started by a call goes on
// after the call answered, making one cheap coordinator request and then spinning 300 ms, forever.
// Must: be charged for CPU spent with no call in flight (background_ms in the CPU window) and
// killed for it (reason cpu); the kernel's thread and the witness go on.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "spins in the background",
    input_schema: { type: "object" },
    async execute() {
      (async () => {
        for (;;) {
          await coordinator.hooks.emit("hostile:tick", {});
          const until = Date.now() + 300;
          while (Date.now() < until) {}
        }
      })();
      return ToolResult.ok("started");
    },
  });
}
