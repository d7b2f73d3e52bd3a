/**
 * A session's life on Cloudflare, in real workerd: it survives its Durable Object's eviction and
 * resumes repaired, and once finished it moves to Workers KV and reads back the same.
 */
import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Message } from "../../../src/models/index.ts";
import { copySession, createKvStore, INTERRUPTED_TURN_TEXT, resumeSession } from "../../../src/storage/index.ts";
import { freshSessionObject, storeInDurableObject } from "./durable-object-harness.ts";

const user: Message = { role: "user", content: "What is 6*7?" };
const toolCall: Message = {
  role: "assistant",
  content: [{ type: "text", text: "Calculating." }],
  tool_calls: [{ id: "call_1", tool: "calculator", arguments: { expression: "6*7" } }],
};

describe("a session in a Durable Object", () => {
  it("survives an eviction mid-turn and resumes with its history intact and repaired", async () => {
    const stub = freshSessionObject(env);
    const before = storeInDurableObject(stub, {});
    await before.append("s1", user);
    await before.append("s1", toolCall);
    const stored = await before.load("s1");

    await evictDurableObject(stub);

    const after = storeInDurableObject(stub, {});
    expect(await after.load("s1")).toEqual(stored);
    const events: string[] = [];
    const resumed = await resumeSession(after, "s1", { onEvent: (name) => events.push(name) });
    expect(events).toEqual(["storage:repaired"]);
    expect(resumed.messages.slice(0, 2)).toEqual([user, toolCall]);
    expect(resumed.messages[2]).toMatchObject({ role: "tool", tool_call_id: "call_1" });
    expect(resumed.messages[3]).toMatchObject({ role: "assistant", content: INTERRUPTED_TURN_TEXT });
    expect((await after.load("s1")).map((record) => record.message)).toEqual(resumed.messages);
  });

  it("moves to Workers KV when finished, where another reader sees the same session", async () => {
    const live = storeInDurableObject(freshSessionObject(env), {});
    await live.append("s1", user);
    await live.append("s1", toolCall);
    await live.append("s1", { role: "tool", tool_call_id: "call_1", content: "42" });
    await live.append("s1", { role: "assistant", content: [{ type: "text", text: "6*7 = 42" }] });
    await live.setValue("s1", "approvals", { calculator: "always" });
    await live.setTitle("s1", "Arithmetic");
    const prefix = `archive-${crypto.randomUUID()}`;

    const copied = await copySession(live, createKvStore(env.ARCHIVE, { prefix }), "s1");
    expect(copied).toEqual({ messageCount: 4, valueCount: 1 });
    await live.deleteSession("s1");

    const reader = createKvStore(env.ARCHIVE, { prefix });
    expect((await reader.load("s1")).map((record) => record.message)).toEqual([
      user,
      toolCall,
      { role: "tool", tool_call_id: "call_1", content: "42" },
      { role: "assistant", content: [{ type: "text", text: "6*7 = 42" }] },
    ]);
    expect(await reader.getSession("s1")).toMatchObject({ title: "Arithmetic", messageCount: 4 });
    expect(await reader.getValue("s1", "approvals")).toEqual({ calculator: "always" });
    expect(await live.getSession("s1")).toBeUndefined();
  });
});
