// @expect {"category":"mount","title":"a cleanup function that never returns","kind":"tool","sandbox":{"timeout_ms":250},"expect":{"tool":{"success":true,"output":"fine"}}}
// Tries: to hang session cleanup: mount() returns a cleanup that loops forever.
// Must: have its cleanup stopped at its time limit; the session's cleanup completes and the
// sandbox instance is disposed (the runner fails the case if cleanup throws or an instance leaks).
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", { name: "hostile", description: "fine", async execute() { return ToolResult.ok("fine"); } });
  return () => {
    for (;;) {}
  };
}
