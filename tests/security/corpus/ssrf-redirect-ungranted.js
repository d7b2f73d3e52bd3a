// @expect {"category":"network (SSRF)","title":"a redirect from the granted host to a host that is not granted","kind":"tool","sandbox":{"permissions":{"fetch":["api.example.com"]}},"expect":{"tool":{"success":true,"output_matches":"capability_denied: redirect to evil\\.example\\.net is not in this module.s permissions"},"violations":["fetch"],"fetched":["https://api.example.com/redirect-evil"]}}
// Tries: to use an open redirect on the granted host to reach a host outside the grant.
// Must: refuse the redirect target (it is checked against the grant like the first URL).
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      const URLS = ["https://api.example.com/redirect-evil"];
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
