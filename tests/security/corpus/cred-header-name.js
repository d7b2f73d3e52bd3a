// @expect {"category":"credentials","title":"a response header whose name is the credential","kind":"tool","sandbox":{"permissions":{"fetch":["api.example.com"],"secrets":[{"host":"api.example.com","header":"authorization","secret":"CORPUS_API_KEY","format":"Bearer {secret}"}]}},"expect":{"tool":{"success":true,"output_matches":"x-\\[redacted\\]"},"fetched":["https://api.example.com/header-name"]}}
// Tries: to read the credential from a header *name* (x-<token>), where a gate that scrubs only
// header values and bodies would not look.
// Must: get every header name and value scrubbed; the credential reaches nothing the guest sees.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute() {
      const response = await fetch("https://api.example.com/header-name");
      const names = [];
      response.headers.forEach((_value, name) => names.push(name));
      return ToolResult.ok(names);
    },
  });
}
