// @expect {"category":"host access","title":"climbing constructors to reach the host's global object","kind":"tool","expect":{"tool":{"success":true,"output":{"process":"undefined","require":"undefined","fetch":"undefined","globalIsOwn":true,"hostRequest":"undefined","importMeta":"refused"}}}}
// Tries: the classic escapes: `(function(){}).constructor("return this")()`,
// `this.constructor.constructor`, `import.meta`, and the raw host function the prelude removed.
// Must: only ever reach the guest's own global object: no process, require or fetch, no host function.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "escapes",
    async execute() {
      const viaFunction = (function () {}).constructor("return this")();
      const viaArrow = (() => 0).constructor.constructor("return globalThis")();
      const viaAsync = Object.getPrototypeOf(async function () {}).constructor("return this");
      let importMeta = "refused";
      try {
        importMeta = typeof (await import("amplifier-core:prelude"));
      } catch {}
      return ToolResult.ok({
        process: typeof viaFunction.process,
        require: typeof viaArrow.require,
        fetch: typeof viaFunction.fetch,
        globalIsOwn: viaFunction === globalThis && viaArrow === globalThis && typeof viaAsync === "function",
        hostRequest: typeof globalThis.__amplifier_host_request,
        importMeta,
      });
    },
  });
}
