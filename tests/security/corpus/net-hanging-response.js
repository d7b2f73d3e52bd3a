// @expect {"category":"network (SSRF)","title":"a granted host that never answers","kind":"tool","sandbox":{"permissions":{"fetch":["api.example.com"]}},"expect":{"tool":{"success":true,"output_matches":"-> timeout: .*took longer than 500 ms"},"fetched":["https://api.example.com/hang"]}}
// Tries: to hold a host connection (and the turn) forever through a server that never replies.
// Must: give up at the host fetch timeout (500 ms here) with a timeout error to the guest; waiting
// on the network is not guest time, so no kill; the turn goes on.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      const URLS = ["https://api.example.com/hang"];
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
