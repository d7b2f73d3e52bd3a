// @expect {"category":"prototype pollution","title":"hooks.emit() from the guest with __proto__ in the event data","kind":"tool","expect":{"tool":{"success":true,"output":"continue"}}}
// Tries: to pollute the host's listeners: emits an event whose data carries `__proto__` keys.
// Must: deliver clean data to every listener; the host's prototypes stay untouched.
import { ToolResult } from "amplifier-core";

let hooks;
export async function mount(coordinator) {
  hooks = coordinator.hooks;
  await coordinator.mount("tools", {
    name: "hostile",
    description: "emits",
    async execute() {
      const result = await hooks.emit("custom:event", JSON.parse('{"__proto__": {"polluted": true}, "nested": {"constructor": {"prototype": {"polluted": true}}}}'));
      return ToolResult.ok(result.action);
    },
  });
}
