// @expect {"category":"payload","title":"a tool result of 8 MiB of text","kind":"tool","sandbox":{"timeout_ms":5000},"expect":{"tool":{"success":false,"code":"sandbox_payload","message":"message limit"},"killed":[]}}
// Tries: to push a huge result into the host (and into the transcript and every later model request).
// Must: be refused at the 1 MiB message limit while it is serialized, before a byte of it is copied
// to the host: failed as data (sandbox_payload); nothing is killed, the module answers its next call.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute() {
      return ToolResult.ok("r".repeat(8 * 1024 * 1024));
    },
  });
}
