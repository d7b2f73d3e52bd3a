// @ts-check
/**
 * Guards on the builtins that loop in native code without polling the engine's interrupt handler.
 * A time limit cannot stop them: `Array.prototype.includes.call({ length: 2 ** 53 - 1 }, x)` or a
 * naive string search of a 4 KiB needle in 1 MiB of text runs for minutes on the thread that runs
 * the guest (on Workers, the kernel's own thread). Each guard is installed before any module code
 * runs and keeps the original in a closure the module cannot reach:
 *
 * - Array.prototype methods that walk a length refuse lengths over {@link MAX_NATIVE_LENGTH};
 * - `flat` and `flatMap` (whose native walk follows nested lengths) and a comparator-less `sort`
 *   of a large array run as guest code, which the interrupt handler reaches;
 * - string searches whose worst case (text length × needle length) is large run as a guest loop.
 *
 * The results are those of the builtins; only the native fast path is avoided where it cannot be
 * interrupted. What remains: a single BigInt operation near the engine's size limit (bounded, at
 * most seconds); placement in a worker (the default outside Workers) bounds that too.
 */
import {
  call,
  defineProperty,
  isArray,
  mathFloor,
  mathMax,
  mathMin,
  NativeRangeError,
  NativeTypeError,
  stringSlice,
  stringStartsWith,
  toText,
} from "./intrinsics.js";

/** Longest length a builtin may walk natively: about a third of a second of native looping. */
export const MAX_NATIVE_LENGTH = 2 ** 22;

/** Largest text × needle product searched natively (the naive search's worst case, in steps). */
const MAX_NATIVE_SEARCH = 2 ** 22;

/** Above this length a comparator-less sort runs through a guest comparator. */
const GUEST_SORT_FROM = 2 ** 12;

/**
 * The length of an array-like as the builtins read it (ToLength).
 * @param {unknown} value
 * @returns {number}
 */
function lengthOf(value) {
  if (value === null || value === undefined) return 0;
  const length = Number(/** @type {any} */ (value).length);
  if (!(length > 0)) return 0;
  return mathMin(mathFloor(length), Number.MAX_SAFE_INTEGER);
}

/**
 * @param {string} name
 * @param {number} length
 */
function refuseLength(name, length) {
  return new NativeRangeError(
    name +
      ": a length of " +
      length +
      " is over the sandbox's limit of " +
      MAX_NATIVE_LENGTH +
      " for builtins that loop in native code (loop over it yourself)",
  );
}

/**
 * Replaces `target[name]` with `wrap(original)`, keeping the property's shape (writable,
 * configurable, not enumerable) and the function's name and length.
 * @param {any} target
 * @param {string} name
 * @param {(original: Function) => Function} wrap
 */
function guard(target, name, wrap) {
  const original = target[name];
  if (typeof original !== "function") return;
  const wrapped = wrap(original);
  defineProperty(wrapped, "name", { value: name, configurable: true });
  defineProperty(wrapped, "length", { value: original.length, configurable: true });
  defineProperty(target, name, { value: wrapped, writable: true, configurable: true, enumerable: false });
}

const LENGTH_WALKERS = [
  "concat",
  "copyWithin",
  "every",
  "fill",
  "filter",
  "find",
  "findIndex",
  "findLast",
  "findLastIndex",
  "forEach",
  "includes",
  "indexOf",
  "join",
  "lastIndexOf",
  "map",
  "reduce",
  "reduceRight",
  "reverse",
  "shift",
  "slice",
  "some",
  "splice",
  "toLocaleString",
  "toReversed",
  "toSpliced",
  "unshift",
  "with",
];

for (const name of LENGTH_WALKERS) {
  guard(
    Array.prototype,
    name,
    (original) =>
      /**
       * @this {unknown}
       * @param {unknown[]} args
       */
      function guarded(...args) {
        let length = lengthOf(this);
        if (name === "concat") {
          for (const item of args) {
            if (item !== null && typeof item === "object") length = mathMax(length, lengthOf(item));
          }
        }
        if (length > MAX_NATIVE_LENGTH) throw refuseLength("Array.prototype." + name, length);
        return call(original, this, args);
      },
  );
}

/**
 * The default sort order (strings by code units, undefined last, which the engine handles before
 * calling a comparator), as a guest function the interrupt handler can reach.
 * @param {unknown} left
 * @param {unknown} right
 */
function defaultOrder(left, right) {
  const a = toText(left);
  const b = toText(right);
  return a < b ? -1 : a > b ? 1 : 0;
}

for (const name of ["sort", "toSorted"]) {
  guard(
    Array.prototype,
    name,
    (original) =>
      /**
       * @this {unknown}
       * @param {unknown} [comparator]
       */
      function guarded(comparator) {
        const length = lengthOf(this);
        if (length > MAX_NATIVE_LENGTH) throw refuseLength("Array.prototype." + name, length);
        const order = comparator === undefined && length > GUEST_SORT_FROM ? defaultOrder : comparator;
        return call(original, this, [order]);
      },
  );
}

/**
 * `flat` as guest code: the native walk follows the length of every nested array.
 * @param {any} source
 * @param {number} depth
 * @param {unknown[]} out
 */
function flattenInto(source, depth, out) {
  const length = lengthOf(source);
  if (length > MAX_NATIVE_LENGTH) throw refuseLength("Array.prototype.flat", length);
  for (let index = 0; index < length; index += 1) {
    if (!(index in source)) continue;
    const item = source[index];
    if (depth > 0 && isArray(item)) flattenInto(item, depth - 1, out);
    else out[out.length] = item;
  }
}

guard(
  Array.prototype,
  "flat",
  () =>
    /**
     * @this {unknown}
     * @param {unknown} [depth]
     */
    function flat(depth) {
      if (this === null || this === undefined)
        throw new NativeTypeError("Array.prototype.flat called on null or undefined");
      const levels = depth === undefined ? 1 : mathFloor(Number(depth)) || 0;
      /** @type {unknown[]} */
      const out = [];
      flattenInto(Object(this), levels, out);
      return out;
    },
);

guard(
  Array.prototype,
  "flatMap",
  () =>
    /**
     * @this {unknown}
     * @param {(value: unknown, index: number, array: unknown) => unknown} mapper
     * @param {unknown} [self]
     */
    function flatMap(mapper, self) {
      if (this === null || this === undefined)
        throw new NativeTypeError("Array.prototype.flatMap called on null or undefined");
      if (typeof mapper !== "function") throw new NativeTypeError("flatMap: the mapper must be a function");
      const source = /** @type {any} */ (Object(this));
      const length = lengthOf(source);
      if (length > MAX_NATIVE_LENGTH) throw refuseLength("Array.prototype.flatMap", length);
      /** @type {unknown[]} */
      const mapped = [];
      for (let index = 0; index < length; index += 1) {
        if (index in source) mapped[mapped.length] = call(mapper, self, [source[index], index, source]);
      }
      /** @type {unknown[]} */
      const out = [];
      flattenInto(mapped, 1, out);
      return out;
    },
);

const stringProto = String.prototype;
const nativeIndexOf = stringProto.indexOf;
const nativeLastIndexOf = stringProto.lastIndexOf;

/**
 * The first index of `needle` in `text` at or after `from`, by a guest loop.
 * @param {string} text
 * @param {string} needle
 * @param {number} from
 */
function searchForward(text, needle, from) {
  const last = text.length - needle.length;
  const first = needle[0];
  for (let index = mathMax(0, from); index <= last; index += 1) {
    // A one-character search is linear, so it may run natively; each candidate is then checked.
    index = call(nativeIndexOf, text, [first, index]);
    if (index < 0 || index > last) return -1;
    if (call(stringStartsWith, text, [needle, index])) return index;
  }
  return -1;
}

/**
 * The last index of `needle` in `text` at or before `from`, by a guest loop.
 * @param {string} text
 * @param {string} needle
 * @param {number} from
 */
function searchBackward(text, needle, from) {
  const first = needle[0];
  for (let index = mathMin(from, text.length - needle.length); index >= 0; index -= 1) {
    index = call(nativeLastIndexOf, text, [first, index]);
    if (index < 0) return -1;
    if (call(stringStartsWith, text, [needle, index])) return index;
  }
  return -1;
}

/**
 * True when a native search of `needle` in `text` could run long.
 * @param {string} text
 * @param {string} needle
 */
function isCostly(text, needle) {
  return needle.length > 1 && text.length * needle.length > MAX_NATIVE_SEARCH;
}

guard(
  stringProto,
  "indexOf",
  (original) =>
    /**
     * @this {unknown}
     * @param {unknown} search
     * @param {unknown} [position]
     */
    function indexOf(search, position) {
      const text = toText(this);
      const needle = toText(search);
      if (!isCostly(text, needle)) return call(original, text, [needle, position]);
      return searchForward(text, needle, mathFloor(Number(position)) || 0);
    },
);

guard(
  stringProto,
  "lastIndexOf",
  (original) =>
    /**
     * @this {unknown}
     * @param {unknown} search
     * @param {unknown} [position]
     */
    function lastIndexOf(search, position) {
      const text = toText(this);
      const needle = toText(search);
      if (!isCostly(text, needle)) return call(original, text, [needle, position]);
      const from = Number(position);
      return searchBackward(text, needle, Number.isNaN(from) ? text.length : mathFloor(from));
    },
);

guard(
  stringProto,
  "includes",
  (original) =>
    /**
     * @this {unknown}
     * @param {unknown} search
     * @param {unknown} [position]
     */
    function includes(search, position) {
      const text = toText(this);
      if (search instanceof RegExp) return call(original, text, [search, position]);
      const needle = toText(search);
      if (!isCostly(text, needle)) return call(original, text, [needle, position]);
      return searchForward(text, needle, mathFloor(Number(position)) || 0) >= 0;
    },
);

guard(
  stringProto,
  "split",
  (original) =>
    /**
     * @this {unknown}
     * @param {unknown} separator
     * @param {unknown} [limit]
     */
    function split(separator, limit) {
      if (typeof separator !== "string") return call(original, this, [separator, limit]);
      const text = toText(this);
      if (!isCostly(text, separator)) return call(original, text, [separator, limit]);
      const max = limit === undefined ? 2 ** 32 - 1 : Number(limit) >>> 0;
      /** @type {string[]} */
      const parts = [];
      let start = 0;
      while (parts.length < max) {
        const found = searchForward(text, separator, start);
        if (found < 0) break;
        parts[parts.length] = call(stringSlice, text, [start, found]);
        start = found + separator.length;
      }
      if (parts.length < max) parts[parts.length] = call(stringSlice, text, [start]);
      return parts;
    },
);

/**
 * The replacement text for a string pattern (GetSubstitution without captures).
 * @param {string} template
 * @param {string} matched
 * @param {string} text
 * @param {number} position
 */
function substitute(template, matched, text, position) {
  if (call(nativeIndexOf, template, ["$"]) < 0) return template;
  let out = "";
  for (let index = 0; index < template.length; index += 1) {
    const char = template[index];
    const next = template[index + 1];
    const expansion =
      char !== "$"
        ? undefined
        : next === "$"
          ? "$"
          : next === "&"
            ? matched
            : next === "`"
              ? call(stringSlice, text, [0, position])
              : next === "'"
                ? call(stringSlice, text, [position + matched.length])
                : undefined;
    if (expansion === undefined) {
      out += char;
    } else {
      out += expansion;
      index += 1;
    }
  }
  return out;
}

for (const name of ["replace", "replaceAll"]) {
  guard(
    stringProto,
    name,
    (original) =>
      /**
       * @this {unknown}
       * @param {unknown} pattern
       * @param {unknown} replacement
       */
      function guarded(pattern, replacement) {
        if (typeof pattern !== "string") return call(original, this, [pattern, replacement]);
        const text = toText(this);
        if (!isCostly(text, pattern)) return call(original, text, [pattern, replacement]);
        let out = "";
        let start = 0;
        for (;;) {
          const found = searchForward(text, pattern, start);
          if (found < 0) break;
          const replaced =
            typeof replacement === "function"
              ? toText(replacement(pattern, found, text))
              : substitute(toText(replacement), pattern, text, found);
          out += call(stringSlice, text, [start, found]) + replaced;
          start = found + pattern.length;
          if (name === "replace") break;
        }
        return out + call(stringSlice, text, [start]);
      },
  );
}
