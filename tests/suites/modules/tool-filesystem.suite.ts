/** tool-filesystem: the three tools over the virtual filesystem, access rules and bad input. */
import { describe, expect, it } from "vitest";
import type { Tool } from "../../../src/contracts.ts";
import { ModuleCoordinator } from "../../../src/coordinator.ts";
import type { ToolResult } from "../../../src/models/index.ts";
import { toolFilesystem } from "../../../src/modules/tool-filesystem/index.ts";
import { createMemoryStore, type MessageStore } from "../../../src/storage/index.ts";
import { EventRecorder } from "../../../src/testing/index.ts";

async function mountFs(config: Record<string, unknown> = {}, store?: MessageStore) {
  const coordinator = new ModuleCoordinator({ sessionId: "fs-session" });
  const recorder = new EventRecorder();
  recorder.attach(coordinator.hooks);
  if (store) coordinator.register_capability("session.store", store);
  await toolFilesystem.mount(coordinator, config);
  const tool = (name: string) => coordinator.get("tools", name) as Tool;
  const call = (name: string, input: Record<string, unknown>) => tool(name).execute(input) as Promise<ToolResult>;
  return { call, recorder };
}

function expectError(result: ToolResult, pattern: RegExp): void {
  expect(result.success).toBe(false);
  expect(result.error?.message).toMatch(pattern);
}

/** Registers the tool-filesystem tests. */
export function registerFilesystemSuite(): void {
  describe("tool-filesystem", () => {
    it("writes and reads back with numbered lines, emitting artifact events", async () => {
      const { call, recorder } = await mountFs();
      expect(await call("write_file", { file_path: "/notes/a.txt", content: "one\ntwo\nthree\n" })).toEqual({
        success: true,
        output: { file_path: "/notes/a.txt", bytes_written: 14, created: true },
      });
      expect(await call("read_file", { file_path: "notes/a.txt" })).toEqual({
        success: true,
        output: {
          file_path: "/notes/a.txt",
          content: "     1\tone\n     2\ttwo\n     3\tthree",
          total_lines: 3,
          lines_read: 3,
          offset: 1,
        },
      });
      expect(recorder.get_events("artifact:write")[0]?.data).toMatchObject({ path: "/notes/a.txt", bytes: 14 });
      expect(recorder.get_events("artifact:read")[0]?.data).toMatchObject({ path: "/notes/a.txt", bytes: 14 });
    });

    it("reads part of a file with offset and limit, cuts very long lines, and lists directories", async () => {
      const { call } = await mountFs();
      const lines = Array.from({ length: 10 }, (_, index) => `line ${index + 1}`);
      lines[4] = "x".repeat(2_500);
      await call("write_file", { file_path: "/src/big.txt", content: lines.join("\n") });
      await call("write_file", { file_path: "/src/lib/util.ts", content: "" });
      const part = await call("read_file", { file_path: "/src/big.txt", offset: 5, limit: 2 });
      expect(part.output).toMatchObject({
        total_lines: 10,
        lines_read: 2,
        offset: 5,
        content: `     5\t${"x".repeat(2_000)}\n     6\tline 6`,
        warning: "showing lines 5-6 of 10; read on with offset 7",
      });
      expect((await call("read_file", { file_path: "/src" })).output).toEqual({
        file_path: "/src",
        is_directory: true,
        entry_count: 2,
        entries: ["big.txt", "lib/"],
      });
      expect((await call("read_file", { file_path: "/src/lib/util.ts" })).output).toMatchObject({
        warning: "the file is empty",
      });
    });

    it("edits a unique string, refuses an ambiguous one, and replaces all on request", async () => {
      const { call } = await mountFs();
      await call("write_file", { file_path: "/a.ts", content: "let x = 1;\nlet y = 1;\n" });
      expectError(
        await call("edit_file", { file_path: "/a.ts", old_string: "= 1", new_string: "= 2" }),
        /occurs 2 times/,
      );
      expect(
        (await call("edit_file", { file_path: "/a.ts", old_string: "let x = 1", new_string: "let x = $&" })).output,
      ).toEqual({
        file_path: "/a.ts",
        replacements_made: 1,
        bytes_written: 23,
      });
      expect(
        (await call("edit_file", { file_path: "/a.ts", old_string: "let", new_string: "const", replace_all: true }))
          .output,
      ).toMatchObject({
        replacements_made: 2,
      });
      expect((await call("read_file", { file_path: "/a.ts" })).output).toMatchObject({
        content: "     1\tconst x = $&;\n     2\tconst y = 1;",
      });
      expectError(
        await call("edit_file", { file_path: "/a.ts", old_string: "nope", new_string: "x" }),
        /not found in \/a.ts/,
      );
      expectError(
        await call("edit_file", { file_path: "/missing.ts", old_string: "a", new_string: "b" }),
        /file not found/,
      );
      expectError(await call("edit_file", { file_path: "/a.ts", old_string: "x", new_string: "x" }), /are the same/);
    });

    it("serializes concurrent edits of one file so that none is lost", async () => {
      const { call } = await mountFs();
      await call("write_file", { file_path: "/c.txt", content: "a b c d" });
      await Promise.all(
        ["a", "b", "c", "d"].map((letter) =>
          call("edit_file", { file_path: "/c.txt", old_string: letter, new_string: letter.toUpperCase() }),
        ),
      );
      expect((await call("read_file", { file_path: "/c.txt" })).output).toMatchObject({ content: "     1\tA B C D" });
    });

    it("keeps writes inside the allowed paths; a denied path wins over an allowed one", async () => {
      const { call } = await mountFs({
        working_dir: "/work",
        denied_write_paths: ["/work/secrets"],
        allowed_read_paths: ["/work", "/docs"],
        denied_read_paths: ["/work/private"],
      });
      expect((await call("write_file", { file_path: "ok.txt", content: "fine" })).output).toMatchObject({
        file_path: "/work/ok.txt",
      });
      expectError(
        await call("write_file", { file_path: "/etc/passwd", content: "x" }),
        /\/etc\/passwd is outside the allowed write paths \(\/work\)/,
      );
      expectError(
        await call("write_file", { file_path: "../etc/passwd", content: "x" }),
        /\/etc\/passwd is outside the allowed write paths/,
      );
      expectError(
        await call("write_file", { file_path: "secrets/key", content: "x" }),
        /write access to \/work\/secrets\/key is denied/,
      );
      expectError(
        await call("edit_file", { file_path: "/work/secrets/key", old_string: "a", new_string: "b" }),
        /denied/,
      );
      expectError(
        await call("read_file", { file_path: "/etc/hosts" }),
        /outside the allowed read paths \(\/work, \/docs\)/,
      );
      expectError(
        await call("read_file", { file_path: "/work/private/x" }),
        /read access to \/work\/private\/x is denied/,
      );
      expectError(await call("read_file", { file_path: "/work/nothing.txt" }), /file not found: \/work\/nothing.txt/);
    });

    it.each([
      ["read_file", {}, /input.file_path: required \(expected string\)/],
      ["read_file", { file_path: 7 }, /input.file_path: expected string, received number/],
      ["read_file", { file_path: "/a", offset: 0 }, /input.offset/],
      ["read_file", { file_path: "" }, /the path is empty/],
      ["read_file", { file_path: "/a\u0000b" }, /control characters/],
      ["write_file", { file_path: "/a" }, /input.content: required/],
      ["write_file", { file_path: "/a", content: { text: "x" } }, /input.content: expected string/],
      ["edit_file", { file_path: "/a", new_string: "x" }, /input.old_string: required/],
      ["edit_file", { file_path: "/a", old_string: "", new_string: "x" }, /input.old_string/],
      [
        "edit_file",
        { file_path: "/a", old_string: "a", new_string: "b", replace_all: "yes" },
        /input.replace_all: expected boolean/,
      ],
    ])("%s with %j is a readable tool error", async (tool, input, pattern) => {
      const { call } = await mountFs();
      expectError(await call(tool, input), pattern);
    });

    it("refuses a file over max_file_bytes and writing over a directory", async () => {
      const { call } = await mountFs({ max_file_bytes: 10 });
      expectError(
        await call("write_file", { file_path: "/big", content: "0123456789A" }),
        /11 bytes is over the 10-byte file limit/,
      );
      await call("write_file", { file_path: "/dir/f", content: "x" });
      expectError(await call("write_file", { file_path: "/dir", content: "x" }), /\/dir is a directory/);
    });

    it("keeps files in the session's store key-value area, visible to a later mount", async () => {
      const store = createMemoryStore();
      const first = await mountFs({}, store);
      await first.call("write_file", { file_path: "/kept.md", content: "# kept" });
      expect(await store.getValue("fs-session", "fs:/kept.md")).toEqual({ content: "# kept" });
      const second = await mountFs({}, store);
      expect((await second.call("read_file", { file_path: "/kept.md" })).output).toMatchObject({
        content: "     1\t# kept",
      });
    });

    it("seeds files from config without overwriting existing ones", async () => {
      const store = createMemoryStore();
      await store.setValue("fs-session", "fs:/readme.md", { content: "edited by the user" });
      const { call } = await mountFs({ files: { "/readme.md": "seed", "/hello.txt": "hi" } }, store);
      expect((await call("read_file", { file_path: "/readme.md" })).output).toMatchObject({
        content: "     1\tedited by the user",
      });
      expect((await call("read_file", { file_path: "/hello.txt" })).output).toMatchObject({ content: "     1\thi" });
    });

    it("a relative path in the config is an invalid_config error naming the entry", async () => {
      await expect(mountFs({ allowed_write_paths: ["work"] })).rejects.toMatchObject({
        code: "invalid_config",
        message: expect.stringContaining("config.allowed_write_paths[0]: must be an absolute path"),
      });
    });
  });
}
