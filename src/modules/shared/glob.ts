/** Glob patterns for names: `*` matches any run of characters, `?` one character; the rest is literal. */

/** Compiles a glob pattern into an anchored RegExp. */
export function globToRegExp(pattern: string): RegExp {
  let source = "";
  for (const char of pattern) {
    if (char === "*") source += ".*";
    else if (char === "?") source += ".";
    else source += char.replace(/[.+^${}()|[\]\\/-]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "s");
}

/** A matcher for a list of glob patterns. */
export function globMatcher(patterns: readonly string[]): (name: string) => boolean {
  const compiled = patterns.map(globToRegExp);
  return (name) => compiled.some((pattern) => pattern.test(name));
}
