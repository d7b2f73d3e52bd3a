/**
 * Copies event data for one handler, so a handler that mutates its argument cannot change what
 * the next handler sees (the original JSON-round-trips for the same effect).
 */
export function cloneEventData(data: Record<string, unknown>): Record<string, unknown> {
  try {
    return structuredClone(data);
  } catch {
    // Data holding functions or host objects cannot be cloned deeply; a shallow copy still keeps
    // the top-level keys (where `modify` works) private to the handler.
    return copyPlain(data) as Record<string, unknown>;
  }
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
