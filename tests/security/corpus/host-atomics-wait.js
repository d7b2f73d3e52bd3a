// @expect {"category":"host access","title":"blocking the host thread with Atomics.wait, or compiling its own WebAssembly","kind":"tool","sandbox":{"timeout_ms":250},"expect":{"tool":{"success":true,"output":{"atomics":"undefined","wasm":"undefined","wait":"ReferenceError"}}}}
// Tries: to block the host thread itself (not just its guest code) with Atomics.wait for 10 s,
// where no interrupt handler can run, or to compile its own WebAssembly outside the interpreter.
// Must: find neither (QuickJS here has no Atomics and no WebAssembly): the call answers at once, the
// host thread is never blocked.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute() {
      let wait = "returned";
      try {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10000);
      } catch (error) {
        wait = error.name;
      }
      return ToolResult.ok({ atomics: typeof Atomics, wasm: typeof WebAssembly, wait });
    },
  });
}
