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
  NativeWeakMap,
  stringSlice,
  toText,
  weakMapGet,
  weakMapSet,
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
 * @param {unknown} value
 * @param {string} what
 * @param {number} maxBytes
 * @returns {string}
 */
export function serialize(value, what, maxBytes) {
  if (value === undefined) return "";
  const paths = new NativeWeakMap();
  const depths = new NativeWeakMap();
  let size = 0;
  let lastPath = what;
  /**
   * @this {any}
   * @param {string} key
   * @param {unknown} item
   */
  function replacer(key, item) {
    const holderPath = key === "" ? what : call(weakMapGet, paths, [this]) || what;
    const path = key === "" ? what : isArray(this) ? holderPath + "[" + key + "]" : holderPath + "." + key;
    lastPath = path;
    if (key !== "" && !isArray(this) && isDroppedKey(key)) return undefined;
    const kind = typeof item;
    if (kind === "function")
      throw kernelError("invalid_result", path + ": a function cannot cross the sandbox boundary");
    if (kind === "symbol") throw kernelError("invalid_result", path + ": a symbol cannot cross the sandbox boundary");
    if (kind === "bigint") {
      throw kernelError(
        "invalid_result",
        path + ": a BigInt cannot cross the sandbox boundary (convert it to a string or a number)",
      );
    }
    size += key.length + 4 + (kind === "string" ? /** @type {string} */ (item).length : 8);
    if (size > maxBytes) {
      throw kernelError("sandbox_payload", what + " is larger than the " + maxBytes + "-byte message limit");
    }
    if (kind === "object" && item !== null) {
      const depth = key === "" ? 0 : (call(weakMapGet, depths, [this]) || 0) + 1;
      if (depth >= MAX_NESTING_DEPTH) {
        throw kernelError(
          "invalid_result",
          what +
            " is nested deeper than " +
            MAX_NESTING_DEPTH +
            " levels, the boundary's limit (at " +
            truncate(path, 200) +
            ")",
        );
      }
      call(weakMapSet, paths, [item, path]);
      call(weakMapSet, depths, [item, depth]);
    }
    return item;
  }
  try {
    const text = jsonStringify(value, replacer);
    return text === undefined ? "" : text;
  } catch (error) {
    if (error !== null && typeof error === "object" && /** @type {any} */ (error).name === "KernelError") throw error;
    if (error instanceof NativeTypeError && /circular|cycle/i.test(toText(/** @type {any} */ (error).message))) {
      throw kernelError("invalid_result", lastPath + ": a cycle cannot cross the sandbox boundary");
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
