/**
 * A YAML syntax error as a person fixing a plan needs it: the line that is wrong, its column, and
 * the text of that line, in one sentence. The yaml library's own message ends in a position and a
 * code frame; on a key indented one space too deep it points at the value of the line above.
 */
import type { YAMLParseError } from "yaml";

/** Where a YAML error is (1-based) and what to say about it. */
export interface YamlErrorReport {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** Codes whose fix is the indentation of a line. */
const INDENTATION_CODES = new Set(["BAD_INDENT", "MISSING_CHAR", "BLOCK_AS_IMPLICIT_KEY", "TAB_AS_INDENT"]);

const QUOTED_LINE_CHARS = 80;

/** Describes a YAML syntax error of `text`: `line 3, column 4: … (the line reads "context: x")`. */
export function describeYamlError(text: string, error: YAMLParseError): YamlErrorReport {
  const lines = text.split(/\r?\n/);
  const reported = error.linePos?.[0];
  const words = (error.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
  if (reported === undefined) return { line: 0, column: 0, message: words };
  const deeper = error.code === "BLOCK_AS_IMPLICIT_KEY" ? overIndentedLine(lines, reported.line) : undefined;
  if (deeper !== undefined) {
    const line = lines[deeper - 1] ?? "";
    return {
      line: deeper,
      column: indentOf(line) + 1,
      message:
        `this key starts at column ${indentOf(line) + 1}, right of the key above it on line ${reported.line} ` +
        `(column ${keyColumnOf(lines[reported.line - 1] ?? "")}); keys of one mapping start at the same column${reads(line)}`,
    };
  }
  const line = lines[reported.line - 1] ?? "";
  // A flow collection (`[a, b` or `{ a: 1`) left open is reported where the parser gave up; its
  // indentation is not the problem.
  const indentation = INDENTATION_CODES.has(error.code) && !words.startsWith("Flow ");
  // An indentation error is about where the line's text starts, not where the parser gave up.
  const column = indentation && line.trim() !== "" ? indentOf(line) + 1 : reported.col;
  const advice = indentation ? "; check this line's indentation against the lines above" : "";
  const flow = words.startsWith("Flow ") ? "; is a [ or { above left open?" : "";
  return { line: reported.line, column, message: `${words}${advice}${flow}${reads(line)}` };
}

/** The first line after `keyLine` that holds a `key:` indented deeper than `keyLine`'s key (1-based). */
function overIndentedLine(lines: readonly string[], keyLine: number): number | undefined {
  const keyIndent = keyColumnOf(lines[keyLine - 1] ?? "") - 1;
  for (let index = keyLine; index < lines.length; index += 1) {
    const line = lines[index] ?? "";
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    return indentOf(line) > keyIndent && /^\s*[^\s:#][^:#]*:(\s|$)/.test(line) ? index + 1 : undefined;
  }
  return undefined;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** The 1-based column where a line's key starts, after its indentation and any `- ` of a list item. */
function keyColumnOf(line: string): number {
  return (/^(\s*(?:-\s+)*)/.exec(line)?.[1]?.length ?? 0) + 1;
}

/** ` (the line reads "context: x")`, or "" for an empty line. */
function reads(line: string): string {
  const trimmed = line.trim();
  if (trimmed === "") return "";
  return ` (the line reads "${trimmed.length > QUOTED_LINE_CHARS ? `${trimmed.slice(0, QUOTED_LINE_CHARS)}…` : trimmed}")`;
}
