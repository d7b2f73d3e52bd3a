/** The original's timestamp format. */

/**
 * UTC ISO 8601 with milliseconds and a `+00:00` offset (`2026-02-06T10:00:00.123+00:00`), as the
 * original writes event and message timestamps (Rust `to_rfc3339`, Python `isoformat()`).
 */
export function utcTimestamp(date: Date): string {
  return date.toISOString().replace(/Z$/, "+00:00");
}
