// @ts-check
/**
 * What every value leaving the guest goes through: the serializer, and the bounded description of
 * anything thrown. The host checks sizes and validates everything again regardless; these give the
 * module author a clear error naming the path, instead of a refusal from the other side.
 */
import {
  call,
  isArray,
  jsonParse,
  jsonStringify,
  NativeError,
  NativeTypeError,
  stringSlice,
  toText,
} from "./intrinsics.js";

/**
 * How deeply objects and arrays may nest in a value crossing the boundary, either way. QuickJS's
 * JSON walk is quadratic in depth and, a few thousand levels down, overflows the host's native
 * stack; the host's own JSON and structuredClone give up near the same depth.
 */
export const MAX_NESTING_DEPTH = 512;

/** Longest error message described to the host, in characters. */
const MAX_ERROR_MESSAGE = 4096;

/**
 * @param {string} key
 * @returns {boolean}
 */
function isDroppedKey(key) {
  return key === "__proto__" || key === "constructor" || key === "prototype";
}

/**
 * @param {string} text
 * @param {number} max
 * @returns {string}
 */
export function truncate(text, max) {
  return text.length > max ? call(stringSlice, text, [0, max]) + "…" : text;
}

/**
 * An error the coordinator or the boundary raises inside the guest, with a kernel error code.
 * @param {string} code
 * @param {string} message
 * @param {unknown} [data]
 * @returns {Error & { code: string, data?: unknown }}
 */
export function kernelError(code, message, data) {
  /** @type {Error & { code: string, data?: unknown }} */
  const error = /** @type {any} */ (new NativeError(message));
  error.name = "KernelError";
  error.code = code;
  if (data !== undefined) error.data = data;
  return error;
}

/**
 * Serializes what leaves the guest as JSON text ("" for undefined). Drops `__proto__`,
 * `constructor` and `prototype` keys; refuses functions, symbols, BigInt, cycles and values nested
 * deeper than {@link MAX_NESTING_DEPTH}, naming the path; stops as soon as the output would pass
 * `maxBytes` (counted in characters; the host counts exact bytes).
 *
 * Every value that leaves the guest passes here, every call, so the walk keeps no per-object
 * table: `JSON.stringify` visits depth first, so the holder of each key it asks about is on the
 * chain of objects from the root to the last one entered. That chain gives the depth, and the
 * path of a refused value is spelled from it only when there is something to refuse.
 * @param {unknown} value
 * @param {string} what
 * @param {number} maxBytes
 * @returns {string}
 */
export function serialize(value, what, maxBytes) {
  if (value === undefined) return "";
  /** @type {object[]} the objects from the root to the last one entered */
  const chain = [];
  /** @type {string[]} the key each of them was entered by */
  const chainKeys = [];
  let size = 0;
  let started = false;
  let lastDepth = 0;
  let lastKey = "";
  /**
   * The path of `key` of the object at `chain[depth - 1]` ("" and depth 0: the value itself).
   * @param {number} depth
   * @param {string} key
   */
  function pathAt(depth, key) {
    let path = what;
    for (let index = 1; index <= depth; index += 1) {
      const segment = index < depth ? chainKeys[index] : key;
      path += isArray(chain[index - 1]) ? "[" + segment + "]" : "." + segment;
    }
    return path;
  }
  /**
   * @this {any}
   * @param {string} key
   * @param {unknown} item
   */
  function replacer(key, item) {
    let depth = 0;
    if (started) {
      // Leave the objects whose keys are all written: the holder is the innermost one left.
      let top = chain.length;
      while (top > 0 && chain[top - 1] !== this) top -= 1;
      if (top < chain.length) {
        chain.length = top;
        chainKeys.length = top;
      }
      depth = top;
    }
    started = true;
    lastDepth = depth;
    lastKey = key;
    if (depth > 0 && isDroppedKey(key) && !isArray(this)) return undefined;
    const kind = typeof item;
    if (kind === "function") {
      throw kernelError("invalid_result", pathAt(depth, key) + ": a function cannot cross the sandbox boundary");
    }
    if (kind === "symbol") {
      throw kernelError("invalid_result", pathAt(depth, key) + ": a symbol cannot cross the sandbox boundary");
    }
    if (kind === "bigint") {
      throw kernelError(
        "invalid_result",
        pathAt(depth, key) + ": a BigInt cannot cross the sandbox boundary (convert it to a string or a number)",
      );
    }
    size += key.length + 4 + (kind === "string" ? /** @type {string} */ (item).length : 8);
    if (size > maxBytes) {
      throw kernelError("sandbox_payload", what + " is larger than the " + maxBytes + "-byte message limit");
    }
    if (kind === "object" && item !== null) {
      if (depth >= MAX_NESTING_DEPTH) {
        throw kernelError(
          "invalid_result",
          what +
            " is nested deeper than " +
            MAX_NESTING_DEPTH +
            " levels, the boundary's limit (at " +
            truncate(pathAt(depth, key), 200) +
            ")",
        );
      }
      chain[depth] = /** @type {object} */ (item);
      chainKeys[depth] = key;
    }
    return item;
  }
  try {
    const text = jsonStringify(value, replacer);
    return text === undefined ? "" : text;
  } catch (error) {
    if (error !== null && typeof error === "object" && /** @type {any} */ (error).name === "KernelError") throw error;
    if (error instanceof NativeTypeError && /circular|cycle/i.test(toText(/** @type {any} */ (error).message))) {
      // The value last handed to the engine is the one that closed the cycle.
      throw kernelError("invalid_result", pathAt(lastDepth, lastKey) + ": a cycle cannot cross the sandbox boundary");
    }
    throw error;
  }
}

/**
 * @typedef {object} DescribedError
 * @property {string} name
 * @property {string} message
 * @property {string} [code]
 * @property {unknown} [data]
 * @property {"null"} [thrown] set when the guest threw `null`, as QuickJS does when it cannot allocate an error
 * @property {string} [stack] the engine's backtrace (where a syntax error is, for the author), truncated
 */

/** Longest backtrace described to the host, in characters: enough for the frames that locate an error. */
const MAX_ERROR_STACK = 1024;

/**
 * A plain, bounded description of anything thrown in the guest. Every field is truncated, so what
 * the host reads never grows with what the module threw.
 * @param {unknown} error
 * @returns {DescribedError}
 */
export function describeError(error) {
  try {
    if (error === null) return { name: "null", message: "null was thrown", thrown: "null" };
    if (typeof error !== "object") return { name: "Error", message: truncate(toText(error), MAX_ERROR_MESSAGE) };
    const fields = /** @type {any} */ (error);
    /** @type {DescribedError} */
    const described = {
      name: truncate(toText(fields.name === undefined ? "Error" : fields.name), 200),
      message: truncate(toText(fields.message === undefined ? "" : fields.message), MAX_ERROR_MESSAGE),
    };
    if (typeof fields.code === "string") described.code = truncate(fields.code, 100);
    try {
      if (typeof fields.stack === "string") described.stack = truncate(fields.stack, MAX_ERROR_STACK);
    } catch {}
    if (fields.data !== null && typeof fields.data === "object") {
      try {
        const text = serialize(fields.data, "error.data", 65536);
        if (text !== "") described.data = jsonParse(text);
      } catch {}
    }
    return described;
  } catch {
    return { name: "Error", message: "the module threw a value that could not be described" };
  }
}

/**
 * The tagged answer of an entry point: "V" + the value's JSON, or "E" + the error's description.
 * @param {unknown} value
 * @param {string} what
 * @param {number} maxBytes
 * @returns {string}
 */
export function answerValue(value, what, maxBytes) {
  return "V" + serialize(value, what, maxBytes);
}

/**
 * @param {unknown} error
 * @returns {string}
 */
export function answerError(error) {
  return "E" + jsonStringify(describeError(error));
}
