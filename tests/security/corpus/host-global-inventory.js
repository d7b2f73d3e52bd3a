// @expect {"category":"host access","title":"listing every global for a host object or function","kind":"tool","expect":{"tool":{"success":true,"output":{"unexpected":[],"fetch":"undefined","console":"undefined"}}}}
// Tries: to find anything the host left on the global object: walks every own property name of
// globalThis and keeps the ones that are not standard ECMAScript.
// Must: find nothing but the language's own globals (no fetch without a grant, no console, no host hooks).
import { ToolResult } from "amplifier-core";

const STANDARD = new Set(("Object Function Array Number parseFloat parseInt Infinity NaN undefined Boolean String Symbol Date Promise RegExp Error AggregateError EvalError RangeError ReferenceError SyntaxError TypeError URIError globalThis JSON Math Reflect Proxy Map Set WeakMap WeakSet WeakRef FinalizationRegistry ArrayBuffer SharedArrayBuffer Uint8ClampedArray Int8Array Uint8Array Int16Array Uint16Array Int32Array Uint32Array BigInt64Array BigUint64Array Float16Array Float32Array Float64Array DataView InternalError Atomics BigInt eval isFinite isNaN decodeURI decodeURIComponent encodeURI encodeURIComponent escape unescape Iterator Intl SuppressedError DisposableStack AsyncDisposableStack").split(" "));

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "inventories globals",
    async execute() {
      const unexpected = Object.getOwnPropertyNames(globalThis).filter((name) => !STANDARD.has(name));
      return ToolResult.ok({ unexpected, fetch: typeof fetch, console: typeof console });
    },
  });
}
