/**
 * Copies event data for one handler, so a handler that mutates its argument cannot change what
 * the next handler sees (the original JSON-round-trips for the same effect).
 */
export function cloneEventData(data: Record<string, unknown>): Record<string, unknown> {
  // Event data is almost always plain JSON-like data; copying it directly is 5-10x cheaper than
  // structuredClone, and every emit copies it once per handler and per observer.
  const plain = copyJsonLike(data, 0, { nodes: 0 });
  if (plain !== NOT_PLAIN) return plain as Record<string, unknown>;
  try {
    return structuredClone(data);
  } catch {
    // Data holding functions or host objects cannot be cloned deeply; a shallow copy still keeps
    // the top-level keys (where `modify` works) private to the handler.
    return copyPlain(data) as Record<string, unknown>;
  }
}

const NOT_PLAIN = Symbol("not plain");

/** Nesting past this is copied by structuredClone (it also handles cycles, which never end here). */
const MAX_PLAIN_DEPTH = 64;
/** Objects and arrays past this are copied by structuredClone (shared references are copied once there, every time here). */
const MAX_PLAIN_NODES = 10_000;

/**
 * A deep copy of plain objects, dense arrays and primitives, or NOT_PLAIN for anything else
 * (Dates, Maps, typed arrays, class instances, functions, sparse arrays, deep, cyclic or very
 * large data), which structuredClone then copies as before.
 */
function copyJsonLike(value: unknown, depth: number, count: { nodes: number }): unknown {
  if (value === null) return value;
  const kind = typeof value;
  if (kind !== "object") return kind === "function" || kind === "symbol" ? NOT_PLAIN : value;
  count.nodes += 1;
  if (depth >= MAX_PLAIN_DEPTH || count.nodes > MAX_PLAIN_NODES) return NOT_PLAIN;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let index = 0; index < value.length; index += 1) {
      if (!(index in value)) return NOT_PLAIN;
      const item = copyJsonLike(value[index], depth + 1, count);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      out[index] = item;
    }
    return out;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value as object)) {
    const item = copyJsonLike((value as Record<string, unknown>)[key], depth + 1, count);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    out[key] = item;
  }
  return out;
}

function copyPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyPlain);
  if (value === null || typeof value !== "object") return value;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = copyPlain(item);
  return out;
}
