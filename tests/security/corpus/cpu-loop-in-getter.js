// @expect {"category":"cpu","title":"an infinite loop inside a getter read while the result is serialized","kind":"tool","sandbox":{"timeout_ms":250},"expect":{"tool":{"success":false,"code":"sandbox_timeout"},"killed":["timeout"]}}
// Tries: to hang the boundary itself: execute() returns at once, but its result has a getter that
// never returns when the prelude serializes it.
// Must: count serialization as guest time: stopped at the limit, failed as data, restarted.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      return ToolResult.ok({ get value() { for (;;) {} } });
    },
  });
}
