/**
 * Event payloads are made JSON-safe before they cross to the page: structured clone refuses
 * functions and class instances with private state, and a payload that cannot cross must not
 * stop the events after it.
 */

const MAX_DEPTH = 32;

/**
 * A JSON-compatible copy of a value: functions and symbols dropped, errors as `{ name, message }`,
 * bigints as strings, cycles and depth beyond 32 as `"[circular]"` / `"[too deep]"`.
 */
export function toJsonSafe(value: unknown): unknown {
  return copy(value, new WeakSet(), 0);
}

function copy(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "object") return undefined;
  if (seen.has(value)) return "[circular]";
  if (depth >= MAX_DEPTH) return "[too deep]";
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => copy(item, seen, depth + 1) ?? null);
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const copied = copy(item, seen, depth + 1);
      if (copied !== undefined) result[key] = copied;
    }
    return result;
  } finally {
    seen.delete(value);
  }
}

/** {@link toJsonSafe} for an event payload (always an object). */
export function toJsonSafeRecord(value: Record<string, unknown>): Record<string, unknown> {
  const copied = toJsonSafe(value);
  return typeof copied === "object" && copied !== null && !Array.isArray(copied)
    ? (copied as Record<string, unknown>)
    : {};
}
