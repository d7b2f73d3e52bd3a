// @expect {"category":"prototype pollution","title":"polluting its own Object.prototype, then returning plain data","kind":"tool","expect":{"tool":{"success":true,"output":{"plain":1}}}}
// Tries: to smuggle enumerable inherited keys across: sets Object.prototype.isAdmin and
// Array.prototype.hacked in its own realm, then returns an ordinary object.
// Must: send only own data: the host's objects and the witness's realm never gain those keys.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "pollutes its realm",
    async execute() {
      Object.prototype.isAdmin = true;
      Array.prototype.hacked = "yes";
      return ToolResult.ok({ plain: 1 });
    },
  });
}
