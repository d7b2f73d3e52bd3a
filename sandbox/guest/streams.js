// @ts-check
/**
 * A provider's `stream()` crosses one event at a time: the host opens it, pulls each step, and
 * closes it (on every exit, early ones included).
 */
import { kernelError } from "./boundary.js";
import { call, createObject } from "./intrinsics.js";

/** @type {Record<string, AsyncIterator<unknown>>} */
const openStreams = createObject(null);
let streamCount = 0;

/**
 * @param {any} provider
 * @param {string} method `stream:open`, `stream:next` or `stream:close`
 * @param {unknown[]} args
 */
export async function streamStep(provider, method, args) {
  if (method === "stream:open") {
    if (typeof provider.stream !== "function") throw kernelError("invalid_result", "this provider has no stream()");
    const iterable = await call(provider.stream, provider, args);
    const iterator =
      iterable !== null && typeof iterable === "object" && typeof iterable[Symbol.asyncIterator] === "function"
        ? iterable[Symbol.asyncIterator]()
        : iterable;
    if (iterator === null || typeof iterator !== "object" || typeof iterator.next !== "function") {
      throw kernelError("invalid_result", "stream() must return an async iterable");
    }
    streamCount += 1;
    openStreams[streamCount] = iterator;
    return streamCount;
  }
  const id = /** @type {number} */ (args[0]);
  const iterator = openStreams[id];
  if (method === "stream:close") {
    delete openStreams[id];
    if (iterator !== undefined && typeof iterator.return === "function") await iterator.return();
    return null;
  }
  if (iterator === undefined) throw kernelError("invalid_argument", "no open stream " + id);
  const step = await iterator.next();
  if (step === null || typeof step !== "object" || step.done) {
    delete openStreams[id];
    return { done: true };
  }
  return { done: false, value: step.value };
}
