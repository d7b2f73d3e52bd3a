/** The MessageStore contract against the CLI's directory store (`--store <dir>`), plus its crash rule. */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createFileStore } from "../../worker/node/file-store.ts";
import { messageStoreContract } from "./message-store.ts";

messageStoreContract({
  name: "file (CLI --store)",
  durable: true,
  sharedWriters: false,
  faults: false,
  open: async (options) => {
    const directory = mkdtempSync(join(tmpdir(), "amplifier-edge-store-"));
    return {
      store: createFileStore(directory, options),
      reopen: async (reopenOptions) => createFileStore(directory, reopenOptions ?? options),
      dispose: async () => rmSync(directory, { recursive: true, force: true }),
    };
  },
});

describe("file store after a crash mid-write", () => {
  it("ignores a torn last line and numbers the next message without a gap", async () => {
    const directory = mkdtempSync(join(tmpdir(), "amplifier-edge-store-"));
    try {
      const first = createFileStore(directory);
      await first.append("s1", { role: "user", content: "one" });
      await first.append("s1", { role: "assistant", content: "two" });
      await first.close();
      const file = join(directory, "sessions", "s1", "messages.jsonl");
      appendFileSync(file, '{"at":1,"message":{"role":"us');

      const second = createFileStore(directory);
      expect((await second.load("s1")).map((stored) => stored.message.content)).toEqual(["one", "two"]);
      expect(await second.append("s1", { role: "user", content: "three" })).toBe(3);
      expect((await second.load("s1")).map((stored) => stored.seq)).toEqual([1, 2, 3]);
      expect(readFileSync(file, "utf8").trim().split("\n")).toHaveLength(3);
      await second.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
