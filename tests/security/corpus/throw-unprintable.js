// @expect {"category":"thrown values","title":"throwing a Proxy whose every trap throws","kind":"tool","expect":{"tool":{"success":false,"code":"execution_failed","message":"could not be described"}}}
// Tries: to make describing the error itself throw (reading name, message or code throws).
// Must: still fail as data with a bounded description; no kill, no host exception.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      const trap = () => { throw new Error("trap"); };
      throw new Proxy({}, { get: trap, has: trap, ownKeys: trap, getPrototypeOf: trap, getOwnPropertyDescriptor: trap });
    },
  });
}
