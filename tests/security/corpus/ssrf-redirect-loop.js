// @expect {"category":"network (SSRF)","title":"an endless redirect loop on the granted host","kind":"tool","sandbox":{"permissions":{"fetch":["api.example.com"]}},"expect":{"tool":{"success":true,"output_matches":"redirected more than 3 times"},"violations":["fetch"],"fetched":["https://api.example.com/redirect-loop","https://api.example.com/redirect-loop","https://api.example.com/redirect-loop","https://api.example.com/redirect-loop"]}}
// Tries: to keep the host busy (or amplify requests) with a redirect that points to itself.
// Must: stop after the redirect limit (3 here): four requests in all, then capability_denied.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      const URLS = ["https://api.example.com/redirect-loop"];
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
