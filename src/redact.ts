/** Redaction of secrets in configs before they leave the kernel in events. */

const SECRET_KEY = /(api[_-]?key|secret|token|password|passwd|authorization|credential|private[_-]?key)/i;

/** A copy of `value` with the values of secret-looking keys replaced by `"[redacted]"`. */
export function redactConfig(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactConfig);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && item !== null && typeof item !== "object" ? "[redacted]" : redactConfig(item);
  }
  return out;
}
