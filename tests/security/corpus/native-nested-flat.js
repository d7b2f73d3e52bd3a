// @expect {"category":"native loops","title":"flat() and flatMap() over a short array holding a sparse one of length 2^32 - 1","kind":"tool","expect":{"tool":{"success":true,"output":{"flat":"RangeError","flatMap":"RangeError","small":[1,2,3,4]}}}}
// Tries: to get past a guard that checks only the outer length: the native flatten walks the
// length of every nested array, so [new Array(2 ** 32 - 1)].flat() loops four billion times in C.
// Must: be refused (RangeError) because flat and flatMap run as guest code the interrupt reaches,
// checking each nested length; ordinary flattening still works.
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
      const sparse = new Array(2 ** 32 - 1);
      return ToolResult.ok({
        flat: attempt(() => [sparse].flat()),
        flatMap: attempt(() => [1].flatMap(() => sparse)),
        small: [[1, 2], [3, [4]]].flat(2),
      });
    },
  });
}
