// @expect {"category":"native loops","title":"array builtins called on array-likes and sparse arrays of absurd length","kind":"tool","expect":{"tool":{"success":true,"output":{"includes":"RangeError","indexOf":"RangeError","lastIndexOf":"RangeError","join":"RangeError","every":"RangeError","reduceRight":"RangeError","template":"RangeError","concat":"RangeError","fill":"RangeError","sort":"RangeError"}}}}
// Tries: to freeze the thread that runs it (on Workers, the kernel's own) with builtins that walk a
// length in C without ever polling the interrupt handler: includes on { length: 2 ** 53 - 1 } ran
// 25 s+ with a 250 ms limit; join of new Array(2 ** 32 - 1), also reached through a template literal.
// Must: be refused at once by the prelude's guards (RangeError naming the limit), caught by the
// module here; the call answers, nothing is killed, the thread is never frozen.
import { ToolResult } from "amplifier-core";

function attempt(run) {
  try {
    run();
    return "returned";
  } catch (error) {
    return error.name;
  }
}

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute() {
      const huge = { length: 2 ** 53 - 1 };
      const sparse = new Array(2 ** 32 - 1);
      return ToolResult.ok({
        includes: attempt(() => Array.prototype.includes.call(huge, 1)),
        indexOf: attempt(() => Array.prototype.indexOf.call(huge, 1)),
        lastIndexOf: attempt(() => Array.prototype.lastIndexOf.call(huge, 1)),
        join: attempt(() => sparse.join("")),
        every: attempt(() => sparse.every(() => false)),
        reduceRight: attempt(() => Array.prototype.reduceRight.call(huge, (a) => a, 0)),
        template: attempt(() => `${sparse}`),
        concat: attempt(() => [].concat({ length: 2 ** 40, [Symbol.isConcatSpreadable]: true })),
        fill: attempt(() => Array.prototype.fill.call({ length: 2 ** 40 }, 0)),
        sort: attempt(() => Array.prototype.sort.call(huge)),
      });
    },
  });
}
