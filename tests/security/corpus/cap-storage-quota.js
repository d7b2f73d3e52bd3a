// @expect {"category":"capabilities","title":"writing past its storage quota and into other modules keys","kind":"tool","sandbox":{"permissions":{"storage":{"quota_bytes":1024}}},"expect":{"tool":{"success":true,"output_matches":"small -> undefined.*big -> capability_denied.*1024-byte quota.*traversal -> undefined.*keys -> \\[\\\\\"\\.\\./tool-witness/state\\\\\",\\\\\"small\\\\\"\\]"},"violations":["storage"]}}
// Tries: to write 10 KB past a 1 KB quota, and to escape its own area with a key like
// ../tool-witness/state.
// Must: store the small value, refuse the big one (capability_denied naming the quota), and keep
// the odd key inside its own area (it is just a key); the witness is untouched.
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
      await attempt("small", () => coordinator.storage.set("small", "ok"));
      await attempt("big", () => coordinator.storage.set("big", "x".repeat(10240)));
      await attempt("traversal", () => coordinator.storage.set("../tool-witness/state", 1));
      await attempt("keys", () => coordinator.storage.keys());
      return ToolResult.ok(outcomes);
    },
  });
}
