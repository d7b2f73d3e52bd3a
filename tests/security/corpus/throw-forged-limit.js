// @expect {"category":"thrown values","title":"throwing errors shaped like the engine limit errors","kind":"tool","sandbox":{"restarts":1},"expect":{"tool":{"success":false,"code":"sandbox_payload"},"killed":[]}}
// Tries: to forge a broken limit: it throws a KernelError-shaped object with code sandbox_payload,
// hoping to get another module blamed or the host into a wrong state.
// Must: be believed about its own call only: the call fails with the code it threw, but a limit the
// host did not observe kills nothing and raises no sandbox:killed (no module is blamed, no restart);
// the witness and the session are untouched.
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
