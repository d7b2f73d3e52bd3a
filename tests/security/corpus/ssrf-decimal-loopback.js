// @expect {"category":"network (SSRF)","title":"fetch to http://2130706433/ (127.0.0.1 as one decimal number)","kind":"tool","sandbox":{"permissions":{"fetch":["api.example.com"]}},"expect":{"tool":{"success":true,"output_matches":"capability_denied.*2130706433|capability_denied.*127\\.0\\.0\\.1"},"violations":["fetch","fetch"]}}
// Tries: to reach the host machine with a DNS-free spelling of 127.0.0.1, over http and over https.
// Must: be refused before any request leaves (capability_denied, a policy:violation each), with
// nothing fetched.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "ssrf",
    async execute() {
      const outcomes = [];
      for (const url of ["http://2130706433/", "https://2130706433/admin"]) {
        try {
          const response = await fetch(url);
          outcomes.push("reached " + response.status);
        } catch (error) {
          outcomes.push(error.code + ": " + error.message);
        }
      }
      return ToolResult.ok(outcomes);
    },
  });
}
