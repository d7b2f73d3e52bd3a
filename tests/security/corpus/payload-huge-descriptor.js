// @expect {"category":"payload","title":"a tool description of 2 MiB","kind":"tool","expect":{"mount":{"reason":"mount_failed","error":"message limit"},"killed":[]}}
// Tries: to push an oversized descriptor into the host (and into every model request) at mount.
// Must: fail the mount at the 1 MiB message limit (non-fatal); the session runs without it.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "d".repeat(2 * 1024 * 1024),
    async execute() {
      return ToolResult.ok("never mounted");
    },
  });
}
