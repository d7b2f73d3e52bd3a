/**
 * `tool-filesystem`: `read_file`, `write_file` and `edit_file` over a virtual filesystem kept in
 * the session's store key-value area (the `session.store` capability; without a store the files
 * live in memory for the life of the session). There is no host disk access at all: the tools
 * run the same in a browser, a Worker and Node.
 *
 * Access: `allowed_read_paths` (default: everything), `allowed_write_paths` (default: the working
 * directory), `denied_read_paths` and `denied_write_paths`; a deny always wins.
 */
import { z } from "zod";
import type { ModuleDefinition } from "../../contracts.ts";
import type { MessageStore } from "../../storage/index.ts";
import { parseModuleConfig } from "../shared/config.ts";
import { EditFileTool, type FileToolsContext, ReadFileTool, WriteFileTool } from "./file-tools.ts";
import { resolvePath } from "./paths.ts";
import { memoryArea, storeArea, VirtualFileSystem } from "./vfs.ts";

export { EditFileTool, ReadFileTool, WriteFileTool } from "./file-tools.ts";
export { type KeyValueArea, memoryArea, storeArea, VirtualFileSystem } from "./vfs.ts";

const pathList = z.array(
  z
    .string()
    .min(1)
    .refine((path) => path.startsWith("/"), "must be an absolute path"),
);

/** Config of `tool-filesystem`. */
export const filesystemConfigSchema = z.strictObject({
  /** Where relative paths start (default: the `session.working_dir` capability, else `/`). */
  working_dir: z.string().startsWith("/", "must be an absolute path").optional(),
  allowed_read_paths: pathList.optional(),
  denied_read_paths: pathList.default([]),
  /** Default: the working directory. */
  allowed_write_paths: pathList.optional(),
  denied_write_paths: pathList.default([]),
  max_file_bytes: z.number().int().positive().default(1_048_576),
  /** Files to create at mount when they do not exist yet (path → content). */
  files: z.record(z.string(), z.string()).default({}),
});

function isStore(value: unknown): value is MessageStore {
  const candidate = value as Partial<MessageStore> | undefined;
  return (
    typeof candidate?.getValue === "function" &&
    typeof candidate.setValue === "function" &&
    typeof candidate.listValues === "function"
  );
}

/** The `tool-filesystem` module. */
export const toolFilesystem: ModuleDefinition = {
  id: "tool-filesystem",
  type: "tool",
  description: "read_file, write_file and edit_file over a virtual filesystem in the session's store.",
  version: "1.0.0",
  async mount(coordinator, config) {
    const parsed = parseModuleConfig("tool-filesystem", filesystemConfigSchema, config);
    const capabilityDir = coordinator.get_capability("session.working_dir");
    const workingDir = resolvePath(
      parsed.working_dir ?? (typeof capabilityDir === "string" && capabilityDir.startsWith("/") ? capabilityDir : "/"),
      "/",
    );
    const normalize = (paths: readonly string[]) => paths.map((path) => resolvePath(path, "/"));
    const store = coordinator.get_capability("session.store");
    const fs = new VirtualFileSystem(isStore(store) ? storeArea(store, coordinator.session_id) : memoryArea());
    const context: FileToolsContext = {
      fs,
      workingDir,
      maxFileBytes: parsed.max_file_bytes,
      hooks: coordinator.hooks,
      rules: {
        allowedRead: parsed.allowed_read_paths ? normalize(parsed.allowed_read_paths) : undefined,
        deniedRead: normalize(parsed.denied_read_paths),
        allowedWrite: normalize(parsed.allowed_write_paths ?? [workingDir]),
        deniedWrite: normalize(parsed.denied_write_paths),
      },
    };
    for (const [path, content] of Object.entries(parsed.files)) {
      const resolved = resolvePath(path, workingDir);
      if ((await fs.stat(resolved)).kind === "missing") await fs.write(resolved, content);
    }
    for (const tool of [new ReadFileTool(context), new WriteFileTool(context), new EditFileTool(context)]) {
      await coordinator.mount("tools", tool, { name: tool.name });
    }
  },
};
