/** Masking of values under sensitive keys, at any depth of plain data. */

/** Key names masked by default (compared case-insensitively, ignoring `-` and `_`). */
export const DEFAULT_SENSITIVE_KEYS: readonly string[] = Object.freeze([
  "api_key",
  "apikey",
  "authorization",
  "password",
  "passwd",
  "secret",
  "client_secret",
  "token",
  "access_token",
  "refresh_token",
  "id_token",
  "x-api-key",
  "cookie",
  "set-cookie",
  "private_key",
  "credentials",
]);

const normalize = (key: string) => key.toLowerCase().replace(/[-_]/g, "");

/**
 * Returns a copy of `value` where every value under a key in `keys` is replaced by `mask`.
 * Cycles are cut (`"[cycle]"`) and depth is capped, so any event payload can be passed.
 */
export function redactKeys(value: unknown, keys: readonly string[], mask = "[REDACTED]"): unknown {
  const sensitive = new Set(keys.map(normalize));
  const seen = new WeakSet<object>();
  const walk = (item: unknown, depth: number): unknown => {
    if (item === null || typeof item !== "object") return item;
    if (seen.has(item)) return "[cycle]";
    if (depth > 32) return "[too deep]";
    seen.add(item);
    if (Array.isArray(item)) return item.map((entry) => walk(entry, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(item)) {
      out[key] = sensitive.has(normalize(key)) && entry !== null && entry !== undefined ? mask : walk(entry, depth + 1);
    }
    return out;
  };
  return walk(value, 0);
}
