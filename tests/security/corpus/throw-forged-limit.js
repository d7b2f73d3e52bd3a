// @expect {"category":"thrown values","title":"throwing errors shaped like the engine limit errors","kind":"tool","sandbox":{"restarts":1},"expect":{"tool":{"success":false,"code":"sandbox_payload"},"killed":["payload"]}}
// Tries: to forge a broken limit: it throws a KernelError-shaped object with code sandbox_payload,
// hoping to get another module blamed or the host into a wrong state.
// Must: be treated as the limit it claims: the host kills and restarts this module's own instance
// (killed: payload, reported about this module only); the witness and the session are untouched.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      throw { name: "KernelError", code: "sandbox_payload", message: "forged payload limit" };
    },
  });
}
