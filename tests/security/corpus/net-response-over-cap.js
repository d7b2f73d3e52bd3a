// @expect {"category":"network (SSRF)","title":"a granted host answering with 2 MiB","kind":"tool","sandbox":{"permissions":{"fetch":["api.example.com"]}},"expect":{"tool":{"success":true,"output_matches":"capability_denied: the response from api\\.example\\.com is larger than"},"violations":["fetch"],"fetched":["https://api.example.com/big"]}}
// Tries: to push a response larger than the module could hold across the boundary.
// Must: be cut off at the response cap and refused (capability_denied, policy:violation).
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      const URLS = ["https://api.example.com/big"];
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
