// @expect {"category":"network (SSRF)","title":"localhost by name: localhost, localhost., a .localhost subdomain","kind":"tool","sandbox":{"permissions":{"fetch":["*.example.com"]}},"expect":{"tool":{"success":true,"output_matches":"^\\[(\"[^\"]* -> capability_denied[^\"]*\",?){3}\\]$"},"violations":["fetch","fetch","fetch"]}}
// Tries: loopback names that need no DNS trick at all, with a trailing dot and as a subdomain.
// Must: refuse all three before any request.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      const URLS = ["https://localhost/", "https://LOCALHOST./admin", "https://api.localhost/"];
      const outcomes = [];
      for (const url of URLS) {
        try {
          const response = await fetch(url);
          outcomes.push(url + " reached " + response.status);
        } catch (error) {
          outcomes.push(url + " -> " + error.code + ": " + error.message);
        }
      }
      return ToolResult.ok(outcomes);
    },
  });
}
