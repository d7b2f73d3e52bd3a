// @expect {"category":"non-JSON values","title":"NaN, Infinity, -0, undefined, Date, Map, Set, RegExp and typed arrays in a result","kind":"tool","expect":{"tool":{"success":true,"output":{"numbers":[null,null,0],"holes":[null,null],"date":"2026-01-02T03:04:05.000Z","map":{},"set":{},"regex":{},"bytes":{"0":1,"1":2}}}}}
// Tries: values with no JSON form, hoping one of them crosses as something the host did not expect.
// Must: cross exactly as JSON.stringify would write them (null, {}, ISO strings), and nothing else.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      return ToolResult.ok({
        numbers: [NaN, Infinity, -0],
        holes: [undefined, , ],
        skipped: undefined,
        date: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
        map: new Map([["a", 1]]),
        set: new Set([1]),
        regex: /x/g,
        bytes: new Uint8Array([1, 2]),
      });
    },
  });
}
