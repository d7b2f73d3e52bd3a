// @expect {"category":"host work","title":"a tool schema of 40 chained allOf/$ref pairs (2^40 subschema visits)","kind":"tool","expect":{"mount":{"reason":"mount_failed","error":"expands to more than 10000 subschemas"},"tools_mounted":["witness"]}}
// Tries: to make the host do exponential work on the kernel's thread: its 2.6 KB input_schema
// references each level twice, so validating any input visits 2^40 subschemas (25 s+ measured, in
// every placement, because the host validates model input, not the sandbox).
// Must: be refused at mount (the expansion is counted, not run); the session starts without it.
const defs = { l0: { type: "string" } };
for (let level = 1; level <= 40; level += 1) {
  defs[`l${level}`] = { allOf: [{ $ref: `#/$defs/l${level - 1}` }, { $ref: `#/$defs/l${level - 1}` }] };
}

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    input_schema: { type: "object", properties: { q: { $ref: "#/$defs/l40" } }, $defs: defs },
    async execute() {
      return "never called";
    },
  });
}
