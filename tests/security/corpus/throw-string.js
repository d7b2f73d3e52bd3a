// @expect {"category":"thrown values","title":"throwing a plain string","kind":"tool","expect":{"tool":{"success":false,"code":"execution_failed","message":"a string, not an Error"}}}
// Tries: to break the host error handling by throwing something that is not an Error.
// Must: become a failed ToolResult (execution_failed) carrying the string; no kill.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      throw "a string, not an Error";
    },
  });
}
