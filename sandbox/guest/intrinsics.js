// @ts-check
/**
 * The built-ins the prelude relies on, captured before any module code runs: a module may replace
 * `JSON.parse` or `Array.isArray` on its own global object, but never the copies kept here.
 */

export const jsonParse = JSON.parse;
export const jsonStringify = JSON.stringify;
export const isArray = Array.isArray;
export const createObject = Object.create;
export const objectKeys = Object.keys;
export const freeze = Object.freeze;
export const defineProperty = Object.defineProperty;
export const getPrototypeOf = Object.getPrototypeOf;
export const reflectApply = Reflect.apply;
export const toText = String;
export const NativeError = Error;
export const NativeTypeError = TypeError;
export const NativeRangeError = RangeError;
export const NativeWeakMap = WeakMap;
export const NativePromise = Promise;
export const weakMapGet = WeakMap.prototype.get;
export const weakMapSet = WeakMap.prototype.set;
export const promiseThen = Promise.prototype.then;
export const stringSlice = String.prototype.slice;
export const stringStartsWith = String.prototype.startsWith;
export const arrayPush = Array.prototype.push;
export const arraySplice = Array.prototype.splice;
export const mathFloor = Math.floor;
export const mathMin = Math.min;
export const mathMax = Math.max;
export const numberIsFinite = Number.isFinite;

/**
 * Calls `method` with `self` as `this`, through the captured `Reflect.apply`.
 * @param {Function} method
 * @param {unknown} self
 * @param {unknown[]} args
 * @returns {any}
 */
export function call(method, self, args) {
  return reflectApply(method, self, args);
}

/**
 * Appends to an array without going through its (replaceable) `push`.
 * @template T
 * @param {T[]} list
 * @param {T} item
 */
export function append(list, item) {
  list[list.length] = item;
}
