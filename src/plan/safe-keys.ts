/** Keys that could reach an object's prototype when merged; plans may not contain them. */
import type { PlanIssue } from "./issues.ts";
import { formatPath } from "./issues.ts";

const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** True for keys that must never be merged into an object. */
export function isUnsafeKey(key: string): boolean {
  return UNSAFE_KEYS.has(key);
}

/** The paths of every unsafe key in `value`. */
export function findUnsafeKeys(value: unknown, path: PropertyKey[] = []): PlanIssue[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => findUnsafeKeys(item, [...path, index]));
  if (value === null || typeof value !== "object") return [];
  const issues: PlanIssue[] = [];
  for (const key of Object.keys(value)) {
    if (isUnsafeKey(key)) issues.push({ path: formatPath([...path, key]), message: `the key "${key}" is not allowed` });
    else issues.push(...findUnsafeKeys((value as Record<string, unknown>)[key], [...path, key]));
  }
  return issues;
}
