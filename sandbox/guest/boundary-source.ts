/**
 * Guest-side half of the boundary: the serializer every value leaving the guest goes through, and
 * the error description the host reads. It runs before any module code, so it keeps its own copies
 * of the built-ins it uses; the host checks sizes and validates everything again regardless.
 */

/**
 * How deeply objects and arrays may nest in a value crossing the boundary, either way. Deeper values
 * are refused with a clear error: QuickJS's JSON walk is quadratic in depth and, a few thousand
 * levels down, overflows the host's native stack (not the guest's), and the host's own
 * structuredClone and JSON give up near the same depth.
 */
export const MAX_NESTING_DEPTH = 512;

/** JavaScript source (module scope, no imports) shared by the prelude. */
export const GUEST_BOUNDARY_SOURCE = `
const maxNestingDepth = ${MAX_NESTING_DEPTH};
const jsonParse = JSON.parse;
const jsonStringify = JSON.stringify;
const isArray = Array.isArray;
const createObject = Object.create;
const objectKeys = Object.keys;
const reflectApply = Reflect.apply;
const toText = String;
const NativeError = Error;
const NativeWeakMap = WeakMap;
const weakMapGet = WeakMap.prototype.get;
const weakMapSet = WeakMap.prototype.set;

function isDroppedKey(key) {
  return key === "__proto__" || key === "constructor" || key === "prototype";
}

/** An error the coordinator or the boundary raises inside the guest, with a kernel error code. */
function kernelError(code, message, data) {
  const error = new NativeError(message);
  error.name = "KernelError";
  error.code = code;
  if (data !== undefined) error.data = data;
  return error;
}

/**
 * Serializes what leaves the guest as JSON text ("" for undefined). Drops __proto__, constructor
 * and prototype keys; rejects functions, symbols, BigInt, cycles and values nested deeper than
 * maxNestingDepth, naming the path; stops as soon as the output would pass maxBytes (counted in
 * characters; the host counts exact bytes).
 */
function serialize(value, what, maxBytes) {
  if (value === undefined) return "";
  const paths = new NativeWeakMap();
  const depths = new NativeWeakMap();
  let size = 0;
  let lastPath = what;
  function replacer(key, item) {
    const holderPath = key === "" ? what : reflectApply(weakMapGet, paths, [this]) || what;
    const path = key === "" ? what : isArray(this) ? holderPath + "[" + key + "]" : holderPath + "." + key;
    lastPath = path;
    if (key !== "" && !isArray(this) && isDroppedKey(key)) return undefined;
    const kind = typeof item;
    if (kind === "function") throw kernelError("invalid_result", path + ": a function cannot cross the sandbox boundary");
    if (kind === "symbol") throw kernelError("invalid_result", path + ": a symbol cannot cross the sandbox boundary");
    if (kind === "bigint") throw kernelError("invalid_result", path + ": a BigInt cannot cross the sandbox boundary (convert it to a string or a number)");
    size += key.length + 4 + (kind === "string" ? item.length : 8);
    if (size > maxBytes) throw kernelError("sandbox_payload", what + " is larger than the " + maxBytes + "-byte message limit");
    if (kind === "object" && item !== null) {
      const depth = key === "" ? 0 : (reflectApply(weakMapGet, depths, [this]) || 0) + 1;
      if (depth >= maxNestingDepth) {
        throw kernelError("invalid_result", what + " is nested deeper than " + maxNestingDepth + " levels, the boundary's limit (at " + truncate(path, 200) + ")");
      }
      reflectApply(weakMapSet, paths, [item, path]);
      reflectApply(weakMapSet, depths, [item, depth]);
    }
    return item;
  }
  try {
    const text = jsonStringify(value, replacer);
    return text === undefined ? "" : text;
  } catch (error) {
    if (error !== null && typeof error === "object" && error.name === "KernelError") throw error;
    if (error instanceof TypeError && /circular|cycle/i.test(toText(error.message))) {
      throw kernelError("invalid_result", lastPath + ": a cycle cannot cross the sandbox boundary");
    }
    throw error;
  }
}

function truncate(text, max) {
  return text.length > max ? text.slice(0, max) + "…" : text;
}

/** A plain, bounded description of anything thrown in the guest. */
function describeError(error) {
  try {
    // QuickJS throws null when it cannot even allocate the error object: it is out of memory.
    if (error === null) return { name: "null", message: "null was thrown (the engine is out of memory)", thrown: "null" };
    if (typeof error !== "object") return { name: "Error", message: truncate(toText(error), 4096) };
    const described = {
      name: truncate(toText(error.name === undefined ? "Error" : error.name), 200),
      message: truncate(toText(error.message === undefined ? "" : error.message), 4096),
    };
    if (typeof error.code === "string") described.code = truncate(error.code, 100);
    if (error.data !== null && typeof error.data === "object") {
      try {
        const text = serialize(error.data, "error.data", 65536);
        if (text !== "") described.data = jsonParse(text);
      } catch {}
    }
    return described;
  } catch {
    return { name: "Error", message: "the module threw a value that could not be described" };
  }
}
`;
