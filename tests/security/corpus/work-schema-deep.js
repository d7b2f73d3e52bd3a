// @expect {"category":"host work","title":"a tool schema nested 200 levels deep with a remote $ref at the bottom","kind":"tool","expect":{"mount":{"reason":"mount_failed","error":"nests deeper than 32 levels"},"tools_mounted":["witness"]}}
// Tries: to make every schema walk on the host (compiling, validating, sending to the model) deep
// and costly, and to have the host fetch a schema from the network through a remote $ref.
// Must: be refused at mount (depth checked before anything is compiled; remote $refs are refused
// too); nothing is fetched; the session starts without it.
let schema = { $ref: "https://schemas.evil.example/payload.json" };
for (let level = 0; level < 200; level += 1) schema = { type: "object", properties: { next: schema } };

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    input_schema: schema,
    async execute() {
      return "never called";
    },
  });
}
