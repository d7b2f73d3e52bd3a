// @expect {"category":"network (SSRF)","title":"a redirect to https://2130706433/ (loopback as one number)","kind":"tool","sandbox":{"permissions":{"fetch":["api.example.com"]}},"expect":{"tool":{"success":true,"output_matches":"capability_denied: fetch to 127\\.0\\.0\\.1 refused"},"violations":["fetch"],"fetched":["https://api.example.com/redirect-decimal"]}}
// Tries: a redirect whose Location spells loopback as a single decimal number.
// Must: be refused when the redirect is re-checked; nothing reaches loopback.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      const URLS = ["https://api.example.com/redirect-decimal"];
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
