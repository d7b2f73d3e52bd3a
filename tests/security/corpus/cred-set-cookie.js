// @expect {"category":"credentials","title":"reading a Set-Cookie header a granted host sends","kind":"tool","sandbox":{"permissions":{"fetch":["api.example.com"],"secrets":[{"host":"api.example.com","header":"authorization","secret":"CORPUS_API_KEY","format":"Bearer {secret}"}]}},"expect":{"tool":{"success":true,"output":[null,"yes"]},"fetched":["https://api.example.com/cookie"]}}
// Tries: to read session cookies a granted host sets (which a browser would never show to script).
// Must: never see Set-Cookie (stripped by the host); other headers pass.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      const response = await fetch("https://api.example.com/cookie");
      return ToolResult.ok([response.headers.get("set-cookie"), response.headers.get("x-kept")]);
    },
  });
}
