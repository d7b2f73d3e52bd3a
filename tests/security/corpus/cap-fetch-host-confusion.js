// @expect {"category":"capabilities","title":"fetching hosts that only look like the granted one","kind":"tool","sandbox":{"permissions":{"fetch":["api.example.com"]}},"expect":{"tool":{"success":true,"output_matches":"^\\[(\"(?:[^\"\\\\]|\\\\.)* -> capability_denied: (?:[^\"\\\\]|\\\\.)*\",?){6}\\]$"},"violations":["fetch","fetch","fetch","fetch","fetch","fetch"]}}
// Tries: host confusion against an api.example.com grant: a suffix host, a userinfo trick, a
// lookalike, a port, an http URL and a relative URL.
// Must: refuse all six before any request (capability_denied, a policy:violation each).
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
      for (const url of [
        "https://api.example.com.evil.example.net/",
        "https://api.example.com@evil.example.net/",
        "https://api-example.com/",
        "https://evil.example.net:443/api.example.com",
        "http://api.example.com/echo",
        "/echo",
      ]) await attempt(url, () => fetch(url).then((response) => response.status));
      return ToolResult.ok(outcomes);
    },
  });
}
