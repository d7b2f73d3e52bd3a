// @expect {"category":"credentials","title":"the credential echoed back base64-encoded, in hex, upper-cased and percent-encoded","kind":"tool","sandbox":{"permissions":{"fetch":["api.example.com"],"secrets":[{"host":"api.example.com","header":"authorization","secret":"CORPUS_API_KEY","format":"Bearer {secret}"}]}},"expect":{"tool":{"success":true,"output_matches":"Basic .*\\[redacted\\]"},"fetched":["https://api.example.com/encoded"]}}
// Tries: to read the credential in a form a plain string match misses: a server (or a debug
// endpoint) echoes it as the base64 of user:token, as hex, upper-cased and percent-encoded.
// Must: get each form scrubbed; the corpus checks every form of the credential in everything seen.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute() {
      return ToolResult.ok(await (await fetch("https://api.example.com/encoded")).json());
    },
  });
}
