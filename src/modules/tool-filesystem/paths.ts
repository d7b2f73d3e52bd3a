/**
 * Paths of the virtual filesystem: POSIX-style, absolute after resolution, no `.`/`..` segments,
 * and access rules where a deny always wins over an allow.
 */

function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Why a path is unusable, or undefined. */
function pathProblem(path: string): string | undefined {
  if (path === "") return "the path is empty";
  if (path.length > 500) return "the path is longer than 500 characters";
  if (hasControlCharacter(path)) return "the path contains control characters";
  return undefined;
}

/** A path that cannot be used, with the reason. */
export class PathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PathError";
  }
}

/**
 * Resolves `path` against `workingDir` into a normalized absolute path. A leading `@` (an
 * Amplifier mention) is dropped; `..` never climbs above the root.
 *
 * @throws PathError for an empty, overlong or control-character path.
 */
export function resolvePath(path: string, workingDir: string): string {
  const raw = path.startsWith("@") ? path.slice(1) : path;
  const problem = pathProblem(raw);
  if (problem) throw new PathError(problem);
  const joined = raw.startsWith("/") ? raw : `${workingDir}/${raw}`;
  const segments: string[] = [];
  for (const segment of joined.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join("/")}`;
}

/** True when `path` is `root` or inside it. */
export function isWithin(path: string, root: string): boolean {
  return root === "/" || path === root || path.startsWith(`${root}/`);
}

/** Which paths may be read and written. */
export interface AccessRules {
  /** Undefined means every path may be read. */
  readonly allowedRead: readonly string[] | undefined;
  readonly deniedRead: readonly string[];
  readonly allowedWrite: readonly string[];
  readonly deniedWrite: readonly string[];
}

/** Why `path` may not be read or written, or undefined when it may. A deny always wins. */
export function accessProblem(rules: AccessRules, path: string, mode: "read" | "write"): string | undefined {
  const denied = mode === "read" ? rules.deniedRead : rules.deniedWrite;
  const deniedBy = denied.find((root) => isWithin(path, root));
  if (deniedBy !== undefined) return `${mode} access to ${path} is denied (denied path ${deniedBy})`;
  const allowed = mode === "read" ? rules.allowedRead : rules.allowedWrite;
  if (allowed !== undefined && !allowed.some((root) => isWithin(path, root))) {
    return `${path} is outside the allowed ${mode} paths (${allowed.join(", ") || "none"})`;
  }
  return undefined;
}
