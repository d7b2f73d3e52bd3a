/**
 * "Did you mean …?" for names a person types into a plan: module ids, section names, keys. A
 * suggestion is made only when one known name is clearly the closest, so that it is never a guess.
 */
import type { Issue } from "../errors.ts";

/** Edits (insert, delete, replace, swap of neighbours) that turn `from` into `to`. */
export function editDistance(from: string, to: string): number {
  const rows = from.length + 1;
  const columns = to.length + 1;
  const distance: number[][] = Array.from({ length: rows }, (_, row) =>
    Array.from({ length: columns }, (_, column) => (row === 0 ? column : column === 0 ? row : 0)),
  );
  const at = (row: number, column: number) => distance[row]?.[column] ?? Number.POSITIVE_INFINITY;
  for (let row = 1; row < rows; row += 1) {
    for (let column = 1; column < columns; column += 1) {
      const same = from[row - 1] === to[column - 1];
      let best = Math.min(at(row - 1, column) + 1, at(row, column - 1) + 1, at(row - 1, column - 1) + (same ? 0 : 1));
      const swapped = row > 1 && column > 1 && from[row - 1] === to[column - 2] && from[row - 2] === to[column - 1];
      if (swapped) best = Math.min(best, at(row - 2, column - 2) + 1);
      (distance[row] as number[])[column] = best;
    }
  }
  return at(rows - 1, columns - 1);
}

/** Names longer than this are not compared (a plan's names are short; this bounds the work). */
const MAX_COMPARED_LENGTH = 128;

/**
 * The known name `typed` most likely meant: within a third of its length in edits (at least one),
 * and strictly closer than any other; `undefined` when there is no such name.
 *
 * @example
 * closestName("tool-calculater", ["tool-calculator", "tool-web"]); // "tool-calculator"
 */
export function closestName(typed: string, known: Iterable<string>): string | undefined {
  if (typed.length > MAX_COMPARED_LENGTH) return undefined;
  const lowered = typed.toLowerCase();
  const limit = Math.max(1, Math.floor(typed.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  let tied = false;
  for (const name of known) {
    if (name === typed || name.length > MAX_COMPARED_LENGTH) continue;
    const distance = editDistance(lowered, name.toLowerCase());
    if (distance > limit) continue;
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
      tied = false;
    } else if (distance === bestDistance) tied = true;
  }
  return tied ? undefined : best;
}

/** ` (did you mean "providers"?)`, or "" when no known name is close. */
export function didYouMean(typed: string, known: Iterable<string>): string {
  const name = closestName(typed, known);
  return name === undefined ? "" : ` (did you mean "${name}"?)`;
}

/**
 * Adds to each "required" issue the key beside it that looks like a typo of the missing one
 * (`session.context: required …` when the plan says `contex:`), read from the value that was parsed.
 */
export function hintMisspeltKeys(issues: readonly Issue[], value: unknown): Issue[] {
  return issues.map((issue) => {
    const missing = issue.path.at(-1);
    if (typeof missing !== "string" || !issue.message.startsWith("required")) return issue;
    const parent = valueAt(value, issue.path.slice(0, -1));
    if (typeof parent !== "object" || parent === null || Array.isArray(parent)) return issue;
    const present = Object.keys(parent);
    const typo = present.find((key) => closestName(key, [missing]) === missing);
    if (typo === undefined) return issue;
    return { ...issue, message: `${issue.message}; the plan has "${typo}" here: a typo of "${missing}"?` };
  });
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}
