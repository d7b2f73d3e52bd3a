/** Keys that could reach an object's prototype when merged; plans may not contain them. */
import type { Issue } from "../errors.ts";

const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** True for keys that must never be merged into an object. */
export function isUnsafeKey(key: string): boolean {
  return UNSAFE_KEYS.has(key);
}

/**
 * How deeply a plan's values may nest. Deeper is refused as a plan issue: the plan's walkers (this
 * one, env substitution, validation) would otherwise overflow the host's stack on input that
 * reaches them over HTTP, and throw an untyped RangeError instead of naming the problem.
 */
export const MAX_PLAN_DEPTH = 256;

/** The paths of every unsafe key in `value`, and of any value nested deeper than {@link MAX_PLAN_DEPTH}. */
export function findUnsafeKeys(value: unknown, path: (string | number)[] = []): Issue[] {
  const issues: Issue[] = [];
  // Depth-first with an explicit stack; entries are pushed in reverse so issues keep document order.
  type Entry = { readonly value: unknown; readonly path: (string | number)[]; readonly unsafe?: string };
  const pending: Entry[] = [{ value, path }];
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    const current = entry.value;
    if (entry.unsafe !== undefined) {
      issues.push({ path: entry.path, message: `the key "${entry.unsafe}" is not allowed`, code: "unsafe_key" });
      continue;
    }
    if (current === null || typeof current !== "object") continue;
    if (entry.path.length - path.length >= MAX_PLAN_DEPTH) {
      issues.push({ path: entry.path, message: `nested deeper than ${MAX_PLAN_DEPTH} levels`, code: "too_deep" });
      continue;
    }
    const parentPath = entry.path;
    const children: Entry[] = Array.isArray(current)
      ? current.map((item, index) => ({ value: item, path: [...parentPath, index] }))
      : Object.keys(current).map((key) => ({
          value: isUnsafeKey(key) ? undefined : (current as Record<string, unknown>)[key],
          path: [...parentPath, key],
          ...(isUnsafeKey(key) ? { unsafe: key } : {}),
        }));
    for (let index = children.length - 1; index >= 0; index -= 1) pending.push(children[index] as Entry);
  }
  return issues;
}
