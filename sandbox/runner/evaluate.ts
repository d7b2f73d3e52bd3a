/**
 * Evaluates one ES module in a fresh sandbox and returns its `default` export as JSON data.
 * The smallest end-to-end use of the engine; the full module host builds on the same pieces.
 */
import { createEngineInstance } from "./engine-instance.ts";

/** Runs `source` as an ES module in its own capped instance and returns its default export. */
export async function evaluateModuleDefault(wasmModule: WebAssembly.Module, source: string): Promise<unknown> {
  const { quickjs } = await createEngineInstance(wasmModule, 16);
  const runtime = quickjs.newRuntime();
  runtime.setMaxStackSize(256 * 1024);
  const context = runtime.newContext();
  try {
    using namespace = context.unwrapResult(context.evalCode(source, "module.js", { type: "module" }));
    using exported = context.getProp(namespace, "default");
    using json = context.unwrapResult(
      context.evalCode("(value) => JSON.stringify(value === undefined ? null : value)"),
    );
    using text = context.unwrapResult(context.callFunction(json, context.undefined, exported));
    return JSON.parse(context.getString(text));
  } finally {
    context.dispose();
    runtime.dispose();
  }
}
