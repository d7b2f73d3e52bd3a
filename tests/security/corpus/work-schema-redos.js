// @expect {"category":"host work","title":"a tool schema whose pattern backtracks exponentially","kind":"tool","expect":{"mount":{"reason":"mount_failed","error":"unsafe pattern.*nested quantifiers"},"tools_mounted":["witness"]}}
// Tries: to freeze the host's regex engine (which no interrupt reaches) through input validation:
// pattern "^(a+)+$" against 34 a's and a "!" backtracks 2^34 times on the kernel's thread.
// Must: be refused at mount with the shape named; the session starts without it.
export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    input_schema: { type: "object", properties: { q: { type: "string", pattern: "^(a+)+$" } } },
    async execute() {
      return "never called";
    },
  });
}
