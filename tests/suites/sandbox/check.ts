/**
 * Assertions for the sandbox scenarios. The scenarios also run inside a Web Worker (Chromium),
 * where Vitest's `expect` is not available, so they use these and throw plain Errors.
 */

function show(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

/** Fails unless `actual` deep-equals `expected` (JSON semantics). */
export function equal(actual: unknown, expected: unknown, what: string): void {
  if (show(sortKeys(actual)) !== show(sortKeys(expected))) {
    throw new Error(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  }
}

/** Fails unless `condition` holds. */
export function ok(condition: unknown, what: string): void {
  if (!condition) throw new Error(`${what}: expected to hold`);
}

/** Fails unless `text` matches `pattern`. */
export function matches(text: unknown, pattern: RegExp, what: string): void {
  if (typeof text !== "string" || !pattern.test(text)) {
    throw new Error(`${what}: expected text matching ${pattern}, got ${show(text)}`);
  }
}

/** The error `action` rejects with; fails when it resolves. */
export async function rejects(
  action: Promise<unknown> | (() => Promise<unknown>),
  what: string,
): Promise<Error & { code?: string; data?: Record<string, unknown> }> {
  try {
    const value = await (typeof action === "function" ? action() : action);
    throw new Error(`${what}: expected a rejection, got ${show(value)}`, { cause: "resolved" });
  } catch (error) {
    if (error instanceof Error && error.cause === "resolved") throw error;
    return error as Error & { code?: string };
  }
}
