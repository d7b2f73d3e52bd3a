/**
 * `read_file`, `write_file` and `edit_file` over the virtual filesystem, with the inputs and
 * outputs of Amplifier's tool-filesystem. Reads and writes emit `artifact:read`/`artifact:write`.
 * Every failure (bad input, a path outside the allowed set, a missing file, an ambiguous edit)
 * is a ToolResult error.
 */
import { z } from "zod";
import type { HookRegistryContract, Tool } from "../../contracts.ts";
import { describeError } from "../../errors.ts";
import { ARTIFACT_READ, ARTIFACT_WRITE } from "../../hooks/events.ts";
import { type ToolResult, toolFailure, toolSuccess } from "../../models/index.ts";
import { parseToolInput } from "../shared/tool-input.ts";
import { type AccessRules, accessProblem, PathError, resolvePath } from "./paths.ts";
import type { VirtualFileSystem } from "./vfs.ts";

/** What the three tools share. */
export interface FileToolsContext {
  readonly fs: VirtualFileSystem;
  readonly rules: AccessRules;
  readonly workingDir: string;
  readonly maxFileBytes: number;
  readonly hooks: HookRegistryContract | undefined;
}

const MAX_LINE_CHARS = 2000;
const encoder = new TextEncoder();
const byteLength = (text: string) => encoder.encode(text).byteLength;

/** Resolves and checks a path, or returns the ToolResult error to answer with. */
function checkedPath(
  context: FileToolsContext,
  tool: string,
  raw: string,
  mode: "read" | "write",
): string | ToolResult {
  try {
    const path = resolvePath(raw, context.workingDir);
    const problem = accessProblem(context.rules, path, mode);
    return problem ? toolFailure(`${tool}: ${problem}`, { type: "access_denied" }) : path;
  } catch (error) {
    if (error instanceof PathError)
      return toolFailure(`${tool}: invalid file_path "${raw}": ${error.message}`, { type: "invalid_path" });
    throw error;
  }
}

async function guarded(tool: string, body: () => Promise<ToolResult>): Promise<ToolResult> {
  try {
    return await body();
  } catch (error) {
    return toolFailure(`${tool}: ${describeError(error)}`, { type: "filesystem_error" });
  }
}

/** Formats lines like `cat -n`: the number right-aligned in 6 columns, a tab, the line (cut at 2000 chars). */
export function numberLines(lines: readonly string[], firstLine: number): string {
  return lines
    .map(
      (line, index) =>
        `${String(firstLine + index).padStart(6)}\t${line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line}`,
    )
    .join("\n");
}

const readInput = z.object({
  file_path: z.string(),
  offset: z.number().int().min(1).default(1),
  limit: z.number().int().min(1).default(2000),
});

/** `read_file`: a file with numbered lines, or a directory listing. */
export class ReadFileTool implements Tool {
  readonly name = "read_file";
  readonly description =
    "Read a file from the session's virtual filesystem. Returns numbered lines (like cat -n); use offset (1-based line) " +
    "and limit to read part of a long file. Reading a directory lists its entries.";
  readonly input_schema = {
    type: "object",
    properties: {
      file_path: { type: "string", description: "Absolute path, or relative to the working directory" },
      offset: { type: "integer", minimum: 1, description: "First line to read (1-based, default 1)" },
      limit: { type: "integer", minimum: 1, description: "How many lines to read (default 2000)" },
    },
    required: ["file_path"],
  };

  constructor(private readonly context: FileToolsContext) {}

  async execute(input: Record<string, unknown>): Promise<ToolResult> {
    const parsed = parseToolInput(this.name, readInput, input);
    if (!parsed.ok) return parsed.result;
    const { file_path, offset, limit } = parsed.value;
    return guarded(this.name, async () => {
      const path = checkedPath(this.context, this.name, file_path, "read");
      if (typeof path !== "string") return path;
      const entry = await this.context.fs.stat(path);
      if (entry.kind === "missing") return toolFailure(`read_file: file not found: ${path}`, { type: "not_found" });
      if (entry.kind === "directory") {
        return toolSuccess({
          file_path: path,
          is_directory: true,
          entry_count: entry.entries.length,
          entries: entry.entries,
        });
      }
      const lines = entry.content === "" ? [] : entry.content.replace(/\r?\n$/, "").split(/\r?\n/);
      const slice = lines.slice(offset - 1, offset - 1 + limit);
      const output: Record<string, unknown> = {
        file_path: path,
        content: numberLines(slice, offset),
        total_lines: lines.length,
        lines_read: slice.length,
        offset,
      };
      if (lines.length === 0) output.warning = "the file is empty";
      else if (slice.length === 0)
        output.warning = `offset ${offset} is past the end of the file (${lines.length} lines)`;
      else if (offset - 1 + slice.length < lines.length) {
        output.warning = `showing lines ${offset}-${offset + slice.length - 1} of ${lines.length}; read on with offset ${offset + slice.length}`;
      }
      await this.context.hooks?.emit(ARTIFACT_READ, { path, bytes: byteLength(entry.content) });
      return toolSuccess(output);
    });
  }
}

const writeInput = z.object({ file_path: z.string(), content: z.string() });

/** `write_file`: creates or replaces a file (parent directories are implicit). */
export class WriteFileTool implements Tool {
  readonly name = "write_file";
  readonly description = "Write a file to the session's virtual filesystem, replacing it if it exists.";
  readonly input_schema = {
    type: "object",
    properties: {
      file_path: { type: "string", description: "Absolute path, or relative to the working directory" },
      content: { type: "string", description: "The full new content of the file" },
    },
    required: ["file_path", "content"],
  };

  constructor(private readonly context: FileToolsContext) {}

  async execute(input: Record<string, unknown>): Promise<ToolResult> {
    const parsed = parseToolInput(this.name, writeInput, input);
    if (!parsed.ok) return parsed.result;
    const { file_path, content } = parsed.value;
    return guarded(this.name, async () => {
      const path = checkedPath(this.context, this.name, file_path, "write");
      if (typeof path !== "string") return path;
      const bytes = byteLength(content);
      if (bytes > this.context.maxFileBytes) {
        return toolFailure(`write_file: ${bytes} bytes is over the ${this.context.maxFileBytes}-byte file limit`, {
          type: "too_large",
        });
      }
      return this.context.fs.withLock(path, async () => {
        const existing = await this.context.fs.stat(path);
        if (existing.kind === "directory")
          return toolFailure(`write_file: ${path} is a directory`, { type: "is_directory" });
        await this.context.fs.write(path, content);
        await this.context.hooks?.emit(ARTIFACT_WRITE, { path, bytes });
        return toolSuccess({ file_path: path, bytes_written: bytes, created: existing.kind === "missing" });
      });
    });
  }
}

const editInput = z.object({
  file_path: z.string(),
  old_string: z.string().min(1),
  new_string: z.string(),
  replace_all: z.boolean().default(false),
});

/** `edit_file`: replaces an exact string, once (it must be unique) or everywhere with `replace_all`. */
export class EditFileTool implements Tool {
  readonly name = "edit_file";
  readonly description =
    "Replace old_string with new_string in a file. old_string must match exactly and, unless replace_all is true, " +
    "occur exactly once.";
  readonly input_schema = {
    type: "object",
    properties: {
      file_path: { type: "string", description: "Absolute path, or relative to the working directory" },
      old_string: { type: "string", description: "The exact text to replace" },
      new_string: { type: "string", description: "The text to put instead" },
      replace_all: { type: "boolean", description: "Replace every occurrence (default false)" },
    },
    required: ["file_path", "old_string", "new_string"],
  };

  constructor(private readonly context: FileToolsContext) {}

  async execute(input: Record<string, unknown>): Promise<ToolResult> {
    const parsed = parseToolInput(this.name, editInput, input);
    if (!parsed.ok) return parsed.result;
    const { file_path, old_string, new_string, replace_all } = parsed.value;
    if (old_string === new_string)
      return toolFailure("edit_file: old_string and new_string are the same", { type: "no_change" });
    return guarded(this.name, async () => {
      const path = checkedPath(this.context, this.name, file_path, "write");
      if (typeof path !== "string") return path;
      const readProblem = accessProblem(this.context.rules, path, "read");
      if (readProblem) return toolFailure(`edit_file: ${readProblem}`, { type: "access_denied" });
      return this.context.fs.withLock(path, async () => {
        const entry = await this.context.fs.stat(path);
        if (entry.kind !== "file") return toolFailure(`edit_file: file not found: ${path}`, { type: "not_found" });
        const count = entry.content.split(old_string).length - 1;
        if (count === 0) return toolFailure(`edit_file: old_string was not found in ${path}`, { type: "no_match" });
        if (count > 1 && !replace_all) {
          return toolFailure(
            `edit_file: old_string occurs ${count} times in ${path}; make it unique or set replace_all`,
            {
              type: "ambiguous",
            },
          );
        }
        const updated = replace_all
          ? entry.content.split(old_string).join(new_string)
          : entry.content.replace(old_string, () => new_string);
        const bytes = byteLength(updated);
        if (bytes > this.context.maxFileBytes) {
          return toolFailure(
            `edit_file: the result (${bytes} bytes) is over the ${this.context.maxFileBytes}-byte file limit`,
            { type: "too_large" },
          );
        }
        await this.context.fs.write(path, updated);
        await this.context.hooks?.emit(ARTIFACT_WRITE, { path, bytes });
        return toolSuccess({ file_path: path, replacements_made: replace_all ? count : 1, bytes_written: bytes });
      });
    });
  }
}
