// @expect {"category":"thrown values","title":"throwing a symbol","kind":"tool","expect":{"tool":{"success":false,"code":"execution_failed","message":"Symbol\\(thrown\\)"}}}
// Tries: to throw a value that cannot even be converted with String() in some code paths.
// Must: become a failed ToolResult naming the symbol; no kill.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      throw Symbol("thrown");
    },
  });
}
