// @expect {"category":"payload","title":"the model sends the sandboxed tool a 3 MiB argument","kind":"tool","attack_script":[{"tool_calls":[{"id":"call_attack","name":"hostile","arguments":{"blob":"__3MiB__"}}]},{"text":"after the attack"}],"expect":{"tool":{"success":false,"code":"sandbox_payload","message":"message limit"}}}
// Tries: (the model, not the module) to push an oversized tool input into the sandbox.
// Must: be refused on the host before it crosses (sandbox_payload, no kill); the module keeps working.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "receives",
    async execute(input) {
      return ToolResult.ok(String(input.blob).length);
    },
  });
}
