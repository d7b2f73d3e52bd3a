// @ts-check
/**
 * A context manager's history crosses the boundary in pages, so a conversation of any size within
 * the module's memory never has to fit one boundary message: the host asks for a list and pulls the
 * rest page by page (`page:get`, `page:next`), and hands a long list over the same way (`page:put`,
 * then `page:commit` with the method to call).
 */
import { kernelError, serialize } from "./boundary.js";
import { limits } from "./bridge.js";
import { append, call, createObject, isArray, mathFloor, mathMax } from "./intrinsics.js";

/**
 * Characters a page may hold. The host counts UTF-8 bytes (up to 3 per character here), and the
 * page's envelope needs a little room.
 */
function pageChars() {
  return mathMax(1, mathFloor(limits.maxMessageBytes / 3) - 1024);
}

/** Open reads, by cursor: the list, the size of each item, and where the next page starts. */
/** @type {Record<string, { items: unknown[], sizes: number[], at: number }>} */
const reads = createObject(null);
let readCount = 0;
/** A list being handed over, before `page:commit`. @type {unknown[]} */
let inbox = [];

/**
 * The next page of an open read: as many items as fit, and at least one.
 * @param {string} cursor
 */
function nextPage(cursor) {
  const read = reads[cursor];
  if (read === undefined) throw kernelError("invalid_argument", "no open read " + cursor);
  const budget = pageChars();
  /** @type {unknown[]} */
  const page = [];
  let used = 0;
  while (read.at < read.items.length) {
    const size = /** @type {number} */ (read.sizes[read.at]);
    if (page.length > 0 && used + size > budget) break;
    append(page, read.items[read.at]);
    used += size;
    read.at += 1;
  }
  const done = read.at >= read.items.length;
  if (done) delete reads[cursor];
  return { items: page, next: done ? null : cursor };
}

/**
 * @param {any} context the mounted context manager
 * @param {string} method `page:get`, `page:next`, `page:put` or `page:commit`
 * @param {unknown[]} args
 */
export async function pageStep(context, method, args) {
  if (method === "page:get") {
    const [name, callArgs] = /** @type {[string, unknown[]]} */ (args);
    if (typeof context[name] !== "function")
      throw kernelError("invalid_result", "context has no method " + name + "()");
    const list = await call(context[name], context, isArray(callArgs) ? callArgs : []);
    if (!isArray(list)) throw kernelError("invalid_result", "context." + name + "() must return a list of messages");
    /** @type {number[]} */
    const sizes = [];
    for (let index = 0; index < list.length; index += 1) {
      const what = "context." + name + "()[" + index + "]";
      append(sizes, serialize(list[index], what, limits.maxMessageBytes).length);
    }
    readCount += 1;
    const cursor = "read-" + readCount;
    reads[cursor] = { items: list, sizes, at: 0 };
    // A read the host gave up on (its call failed) is not kept for long.
    delete reads["read-" + (readCount - 4)];
    return nextPage(cursor);
  }
  if (method === "page:next") return nextPage(/** @type {string} */ (args[0]));
  if (method === "page:put") {
    const items = args[0];
    if (!isArray(items)) throw kernelError("invalid_argument", "page:put takes a list");
    for (let index = 0; index < items.length; index += 1) append(inbox, items[index]);
    return null;
  }
  const [name] = /** @type {[string]} */ (args);
  const list = inbox;
  inbox = [];
  if (typeof context[name] !== "function") throw kernelError("invalid_result", "context has no method " + name + "()");
  return call(context[name], context, [list]);
}
