/**
 * Module sources by content hash in Workers KV, and a session that outlives its Durable Object:
 * after an eviction the object rebuilds the session from its stored plan, its history and the
 * sources in KV (checked against their hash), and the conversation goes on.
 */
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { findToolPairingProblems } from "../../../src/testing/index.ts";
import { contentHash, moduleSourceKey } from "../../../worker/cloudflare/index.ts";
import { createSession, messagesOf, prompt, textOf } from "./client.ts";
import { SHOUT_FILES, shoutPlan } from "./fixtures.ts";

const stubOf = (sessionId: string) => env.SESSIONS.get(env.SESSIONS.idFromName(sessionId));
const shoutSource = { files: SHOUT_FILES, entry: "index.js" };

describe("module sources in KV", () => {
  it("are stored once under their content hash; sessions keep only the hash", async () => {
    const hash = await contentHash(shoutSource);
    expect(hash).toMatch(/^sha256-[0-9a-f]{64}$/);
    const first = await createSession(shoutPlan());
    const second = await createSession(shoutPlan());

    const stored = await env.ARCHIVE.getWithMetadata(moduleSourceKey(hash));
    expect(JSON.parse(stored.value ?? "null")).toEqual({
      files: { "index.js": SHOUT_FILES["index.js"], "shout.js": SHOUT_FILES["shout.js"] },
      entry: "index.js",
    });
    expect(stored.metadata).toEqual({ entry: "index.js" });
    const listed = await env.ARCHIVE.list({ prefix: "module-source/" });
    expect(listed.keys.filter((key) => key.name === moduleSourceKey(hash))).toHaveLength(1);

    for (const sessionId of [first, second]) {
      const record = await runInDurableObject(stubOf(sessionId), (_object, state) =>
        state.storage.get<{ plan: { tools: { source: unknown }[] } }>("amplifier-edge:session"),
      );
      expect(record?.plan.tools[0]?.source).toEqual({ content_hash: hash });
    }
  });

  it("run the sandboxed module, and after an eviction the session resumes from its store and KV", async () => {
    const sessionId = await createSession(shoutPlan());
    const firstTurn = await (await prompt(sessionId, "Shout hello")).rest();
    expect(firstTurn.find((event) => event.event === "tool:post")?.data).toMatchObject({
      tool_name: "shout",
      result: { success: true, output: "HELLO!" },
    });

    await evictDurableObject(stubOf(sessionId));

    const secondTurn = await (await prompt(sessionId, "Shout again")).rest();
    const names = secondTurn.map((event) => event.event);
    expect(names).toContain("session:resume");
    expect(names).not.toContain("session:start");
    expect(secondTurn.find((event) => event.event === "tool:post")?.data).toMatchObject({
      result: { success: true, output: "HELLO!" },
    });
    const messages = await messagesOf(sessionId);
    expect(messages.filter((message) => message.role === "user").map((message) => textOf(message.content))).toEqual([
      "Shout hello",
      "Shout again",
    ]);
    expect(messages).toHaveLength(8);
    expect(findToolPairingProblems(messages)).toEqual([]);
  });

  it("a source changed in KV no longer matches its hash and is refused", async () => {
    const sessionId = await createSession(shoutPlan());
    const hash = await contentHash(shoutSource);
    await evictDurableObject(stubOf(sessionId));
    const tampered = { ...shoutSource, files: { ...SHOUT_FILES, "shout.js": "export const shout = () => 'pwned';" } };
    await env.ARCHIVE.put(moduleSourceKey(hash), JSON.stringify(tampered));
    try {
      const events = await (await prompt(sessionId, "Shout hello")).rest();
      expect(events).toEqual([
        { event: "turn:start", data: { turn_id: expect.stringMatching(/^[0-9a-f]{32}$/) } },
        {
          event: "error",
          data: {
            code: "module_not_found",
            message: `Module source ${hash} in KV does not match its hash; refusing it.`,
            data: { hash },
          },
        },
      ]);
      expect(await messagesOf(sessionId)).toEqual([]);
    } finally {
      await env.ARCHIVE.put(moduleSourceKey(hash), JSON.stringify(shoutSource));
    }
  });
});
