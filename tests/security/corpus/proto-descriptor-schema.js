// @expect {"category":"prototype pollution","title":"a tool descriptor whose input_schema carries __proto__","kind":"tool","expect":{"tool":{"success":true,"output":"schema accepted"}}}
// Tries: to pollute the host when it builds the tool's spec: the mounted descriptor's input_schema
// and name carry `__proto__` and `constructor` keys.
// Must: mount with those keys dropped; the host's prototypes stay untouched.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  const input_schema = JSON.parse('{"type": "object", "__proto__": {"polluted": true}, "properties": {"constructor": {"prototype": {"polluted": true}}}}');
  await coordinator.mount("tools", {
    name: "hostile",
    description: "carries a poisoned schema",
    input_schema,
    async execute() {
      return ToolResult.ok("schema accepted");
    },
  });
}
