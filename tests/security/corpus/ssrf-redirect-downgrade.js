// @expect {"category":"network (SSRF)","title":"a redirect from https to http on the same granted host","kind":"tool","sandbox":{"permissions":{"fetch":["api.example.com"]}},"expect":{"tool":{"success":true,"output_matches":"capability_denied: fetch to http://api\\.example\\.com refused: only https"},"violations":["fetch"],"fetched":["https://api.example.com/redirect-http"]}}
// Tries: to downgrade to plain http (where a network attacker could read or change the reply)
// through a 301 from the granted host.
// Must: refuse the http hop; only the first request is made.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      const URLS = ["https://api.example.com/redirect-http"];
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
