// @expect {"category":"capabilities","title":"using the storage area without a storage grant","kind":"tool","expect":{"tool":{"success":true,"output_matches":"set -> capability_denied.*keys -> capability_denied"},"violations":["storage","storage"]}}
// Tries: to write to and list the session store through coordinator.storage with no grant.
// Must: be refused each time (capability_denied, policy:violation); nothing is stored.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      const outcomes = [];
      const attempt = async (what, run) => {
        try {
          outcomes.push(what + " -> " + JSON.stringify(await run()));
        } catch (error) {
          outcomes.push(what + " -> " + error.code + ": " + error.message);
        }
      };
      await attempt("set", () => coordinator.storage.set("k", "v"));
      await attempt("keys", () => coordinator.storage.keys());
      return ToolResult.ok(outcomes);
    },
  });
}
