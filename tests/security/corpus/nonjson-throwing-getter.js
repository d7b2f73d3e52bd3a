// @expect {"category":"non-JSON values","title":"a getter that throws while the result is serialized","kind":"tool","expect":{"tool":{"success":false,"code":"execution_failed","message":"getter says no"}}}
// Tries: to make the boundary serializer throw midway (a getter on the result throws).
// Must: fail the call as data (execution_failed, the guest message kept), with no kill and no host exception.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      return ToolResult.ok({ fine: 1, get broken() { throw new Error("getter says no"); } });
    },
  });
}
