// @expect {"category":"native loops","title":"the guarded string searches give the builtins' own answers","kind":"tool","sandbox":{"timeout_ms":20000},"expect":{"tool":{"success":true,"output":{"indexOf":70000,"lastIndexOf":70000,"includes":true,"split":[70000,70000],"replace":140072,"replaceAll":140002,"dollar":"a$b","fn":"x","missing":-1}}}}
// Tries: to catch the guards out: the slow path (a guest loop, for searches whose worst case is
// large) must give exactly what the engine's builtin gives, substitution patterns and functions
// included, or a module's behaviour would change with the size of its text.
// Must: answer the same as the builtins would, on texts long enough to take the guarded path.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute() {
      const needle = "x".repeat(70) + "y";
      const text = "a".repeat(70000) + needle + "a".repeat(70000);
      const split = text.split(needle).map((part) => part.length);
      return ToolResult.ok({
        indexOf: text.indexOf(needle),
        lastIndexOf: text.lastIndexOf(needle),
        includes: text.includes(needle),
        split,
        replace: text.replace(needle, "$&$$").length,
        replaceAll: text.replaceAll(needle, "--").length,
        dollar: ("a" + needle + "b").padStart(70000, " ").replace(needle, "$$").trim(),
        fn: text.replace(needle, (match, position) => (position === 70000 && match === needle ? "x" : "?")).slice(70000, 70001),
        missing: text.indexOf(`${needle}z`),
      });
    },
  });
}
