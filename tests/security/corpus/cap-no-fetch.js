// @expect {"category":"capabilities","title":"network access without a fetch grant","kind":"tool","expect":{"tool":{"success":true,"output_matches":"^\\[\"undefined\",\"get fetch -> capability_denied: (?:[^\"\\\\]|\\\\.)*\",\"XMLHttpRequest undefined\"\\]$"},"violations":["capabilities"]}}
// Tries: to reach the network with no grant: a global fetch, the capability by name, XMLHttpRequest.
// Must: find no fetch at all (not even a stub), be refused the capability with capability_denied
// (one policy:violation), and nothing is fetched.
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
      const kind = typeof globalThis.fetch;
      await attempt("get fetch", () => coordinator.get_capability("fetch"));
      return ToolResult.ok([kind, outcomes[0], "XMLHttpRequest " + typeof XMLHttpRequest]);
    },
  });
}
