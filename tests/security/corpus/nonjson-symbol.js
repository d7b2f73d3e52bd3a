// @expect {"category":"non-JSON values","title":"a symbol value and symbol-keyed properties in a result","kind":"tool","expect":{"tool":{"success":false,"code":"invalid_result","message":"a symbol cannot cross"}}}
// Tries: to pass symbols to the host, as a value and as keys.
// Must: be refused with invalid_result naming the path; no kill.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      return ToolResult.ok({ [Symbol("hidden")]: "key", tag: Symbol.for("value") });
    },
  });
}
