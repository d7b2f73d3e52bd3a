/**
 * The in-run baseline of the inline tool call: the same small JSON in and out of a raw
 * quickjs-emscripten context, with nothing of ours around it. The same build we ship (release,
 * sync, bellard) instantiated from the same compiled wasm, one `callFunction` per call: the input
 * crosses as JSON text, the guest parses it, adds, and returns JSON text the host parses.
 */
import releaseVariant from "@jitl/quickjs-wasmfile-release-sync";
import { newQuickJSWASMModuleFromVariant, newVariant } from "quickjs-emscripten-core";

/** The guest side: what a sandboxed `add` tool computes, minus every layer of the sandbox. */
const ADD_JSON =
  "(text) => { const input = JSON.parse(text); return JSON.stringify({ sum: input.a + input.b, label: input.label }); }";

/** A raw engine call and how to release its context. */
export interface EngineCall extends Disposable {
  call(input: Readonly<Record<string, unknown>>): unknown;
}

/**
 * A raw QuickJS context with the add function evaluated once.
 *
 * @example
 * using engine = await rawEngineCall(wasmModule);
 * engine.call({ a: 20, b: 22, label: "bench" }); // { sum: 42, label: "bench" }
 */
export async function rawEngineCall(wasmModule: WebAssembly.Module): Promise<EngineCall> {
  const quickjs = await newQuickJSWASMModuleFromVariant(newVariant(releaseVariant, { wasmModule }));
  const runtime = quickjs.newRuntime();
  const context = runtime.newContext();
  const add = context.unwrapResult(context.evalCode(ADD_JSON));
  return {
    call(input) {
      using text = context.newString(JSON.stringify(input));
      using result = context.unwrapResult(context.callFunction(add, context.undefined, text));
      return JSON.parse(context.getString(result));
    },
    [Symbol.dispose]() {
      add.dispose();
      context.dispose();
      runtime.dispose();
    },
  };
}
