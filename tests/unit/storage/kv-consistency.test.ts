/**
 * What the KV store promises about Workers KV's limits: one write per key (never a head key
 * rewritten per message), and what a reader at a lagging location may see (docs/storage.md).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Message } from "../../../src/models/index.ts";
import { createKvStore } from "../../../src/storage/index.ts";
import { MemoryKv } from "./memory-kv.ts";

const user = (text: string): Message => ({ role: "user", content: text });

describe("KV store writes", () => {
  it("writes one new key per appended message and rewrites no key", async () => {
    const kv = new MemoryKv();
    const store = createKvStore(kv, { prefix: "archive" });
    for (let index = 0; index < 30; index += 1) await store.append("s1", user(`message ${index}`));
    const perKey = kv.writesPerKey();
    expect(perKey.size).toBe(31);
    expect([...perKey.values()].every((writes) => writes === 1)).toBe(true);
    expect([...perKey.keys()]).toContain("archive/s1/m/000001/0000000030");
    expect([...perKey.keys()]).toContain("archive/s1/meta");
  });

  it("replaces by writing a new generation, then switching meta, then removing the old keys", async () => {
    const kv = new MemoryKv();
    const store = createKvStore(kv);
    await store.append("s1", user("old 1"));
    await store.append("s1", user("old 2"));
    await store.replace("s1", [user("new 1")]);
    expect(await kv.get("amplifier/s1/m/000001/0000000001", "text")).toBeNull();
    expect(await kv.get("amplifier/s1/m/000002/0000000001", "text")).toContain('"new 1"');
    expect(JSON.parse((await kv.get("amplifier/s1/meta", "text")) ?? "{}")).toMatchObject({ generation: 2 });
  });

  it("lets a second writer pick up a session another instance wrote, from KV alone", async () => {
    const kv = new MemoryKv(2);
    const first = createKvStore(kv);
    for (const text of ["a", "b", "c", "d", "e"]) await first.append("s1", user(text));
    const second = createKvStore(kv);
    expect(await second.append("s1", user("f"))).toBe(6);
    expect((await second.load("s1")).map((record) => record.message.content)).toEqual(["a", "b", "c", "d", "e", "f"]);
  });
});

type Operation = { kind: "append"; text: string } | { kind: "replace"; texts: string[] } | { kind: "clear" };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.string({ minLength: 1, maxLength: 4 }).map((text) => ({ kind: "append" as const, text })),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 4 })
      .map((texts) => ({ kind: "replace" as const, texts })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "clear" as const }) },
);

function isPrefix(candidate: readonly string[], of: readonly string[]): boolean {
  return candidate.length <= of.length && candidate.every((text, index) => of[index] === text);
}

describe("a KV reader at a lagging location", () => {
  it("sees a gap-free prefix of a history the writer really had: never a mix, never a hole", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(operation, { minLength: 1, maxLength: 25 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 64 }),
        async (operations, choices) => {
          const kv = new MemoryKv(4);
          const writer = createKvStore(kv);
          const histories: string[][] = [[]];
          for (const step of operations) {
            if (step.kind === "append") await writer.append("s1", user(step.text));
            if (step.kind === "replace") await writer.replace("s1", step.texts.map(user));
            if (step.kind === "clear") await writer.clear("s1");
            histories.push((await writer.load("s1")).map((record) => String(record.message.content)));
          }
          let turn = 0;
          const pick = (count: number) => (choices[turn++ % choices.length] ?? 0) % count;
          const reader = createKvStore(kv.laggingReader(pick));
          const seen = (await reader.load("s1")).map((record) => String(record.message.content));
          expect(histories.some((history) => isPrefix(seen, history))).toBe(true);
          const listed = await reader.listSessions();
          expect(listed.length).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });
});
