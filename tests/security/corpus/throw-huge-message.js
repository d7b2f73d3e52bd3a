// @expect {"category":"thrown values","title":"an Error whose message is 900 KB","kind":"tool","expect":{"tool":{"success":false,"code":"execution_failed","message":"failed: x{4096}…$"}}}
// Tries: to push a huge error message into the transcript and every later model request.
// Must: be cut to 4,096 characters (marked with …) before it leaves the guest; no kill.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      throw new Error("x".repeat(900 * 1024));
    },
  });
}
