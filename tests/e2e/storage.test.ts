/**
 * IndexedDB persistence in Debian Chromium, driven by playwright-core: a session survives a reload
 * and a crashed tab, and two tabs writing one session neither lose nor duplicate a message.
 */
import { describe, expect, it } from "vitest";
import type { Message } from "../../src/models/index.ts";
import "./fixtures/storage-page/api.ts";
import { openStoragePage, serveStoragePage } from "./storage-page-server.ts";
import { launchChromium } from "./support/browser.ts";

const conversation: Message[] = [
  { role: "system", content: "You are a calculator." },
  { role: "user", content: "What is 6*7? Ünïcødé ✓" },
  {
    role: "assistant",
    content: [{ type: "text", text: "Let me compute." }],
    tool_calls: [{ id: "call_1", tool: "calculator", arguments: { expression: "6*7" } }],
  },
  { role: "tool", tool_call_id: "call_1", content: "42" },
  { role: "assistant", content: [{ type: "text", text: "6*7 = 42" }] },
];

describe("IndexedDB sessions in Chromium", () => {
  it("resumes a session after a page reload with an identical history", async () => {
    await using server = await serveStoragePage();
    await using browser = await launchChromium();
    const page = await openStoragePage(await browser.newPage(), server.url);
    for (const message of conversation) {
      await page.evaluate(([id, item]) => window.storageTest.append(id, item), ["reload", message] as const);
    }
    const before = await page.evaluate(() => window.storageTest.load("reload"));
    expect(before.map((record) => record.message)).toEqual(conversation);

    await page.reload();
    await openStoragePage(page, server.url);
    expect(await page.evaluate(() => window.storageTest.load("reload"))).toEqual(before);
    const resumed = await page.evaluate(() => window.storageTest.resume("reload"));
    expect(resumed).toEqual({ messages: conversation, report: undefined });
    expect(await page.evaluate(() => window.storageTest.getSession("reload"))).toMatchObject({
      title: "What is 6*7? Ünïcødé ✓",
      messageCount: 5,
    });
  });

  it("repairs a session whose tab died after the assistant's tool calls, once, even when two tabs resume it", async () => {
    await using server = await serveStoragePage();
    await using browser = await launchChromium();
    const doomed = await openStoragePage(await browser.newPage(), server.url);
    for (const message of conversation.slice(0, 3)) {
      await doomed.evaluate(([id, item]) => window.storageTest.append(id, item), ["crash", message] as const);
    }
    await doomed.close({ runBeforeUnload: false });

    const [first, second] = await Promise.all([
      browser.newPage().then((page) => openStoragePage(page, server.url)),
      browser.newPage().then((page) => openStoragePage(page, server.url)),
    ]);
    const reports = await Promise.all(
      [first, second].map((page) => page.evaluate(() => window.storageTest.resume("crash"))),
    );
    const repaired = reports.filter((result) => result.report !== undefined);
    expect(repaired).toHaveLength(1);
    expect(repaired[0]?.report?.orphaned_tool_calls).toEqual([{ tool_call_id: "call_1", tool: "calculator" }]);
    const history = (await first.evaluate(() => window.storageTest.load("crash"))).map((record) => record.message);
    expect(history.slice(0, 3)).toEqual(conversation.slice(0, 3));
    expect(history.slice(3).map((message) => [message.role, message.tool_call_id])).toEqual([
      ["tool", "call_1"],
      ["assistant", undefined],
    ]);
    const events = [
      ...(await first.evaluate(() => window.storageTest.events)),
      ...(await second.evaluate(() => window.storageTest.events)),
    ];
    expect(events.map((event) => event.name)).toEqual(["storage:repaired"]);
  });

  it("lets two tabs append to one session at once with no message lost or duplicated", async () => {
    await using server = await serveStoragePage();
    await using browser = await launchChromium();
    const [tabA, tabB] = await Promise.all([
      browser.newPage().then((page) => openStoragePage(page, server.url)),
      browser.newPage().then((page) => openStoragePage(page, server.url)),
    ]);
    const perTab = 60;
    const [seqsA, seqsB] = await Promise.all([
      tabA.evaluate((count) => window.storageTest.appendMany("shared", "A", count), perTab),
      tabB.evaluate((count) => window.storageTest.appendMany("shared", "B", count), perTab),
    ]);
    const all = [...seqsA, ...seqsB].sort((left, right) => left - right);
    expect(all).toEqual(Array.from({ length: perTab * 2 }, (_, index) => index + 1));

    const stored = await tabB.evaluate(() => window.storageTest.load("shared"));
    expect(stored.map((record) => record.seq)).toEqual(all);
    const texts = stored.map((record) => String(record.message.content));
    const expected = ["A", "B"].flatMap((label) => Array.from({ length: perTab }, (_, index) => `${label}-${index}`));
    expect([...texts].sort()).toEqual([...expected].sort());
    const bySeq = new Map(stored.map((record) => [record.seq, record.message.content]));
    seqsA.forEach((seq, index) => {
      expect(bySeq.get(seq)).toBe(`A-${index}`);
    });
    seqsB.forEach((seq, index) => {
      expect(bySeq.get(seq)).toBe(`B-${index}`);
    });
  });

  it("keeps every acknowledged message, whole and without gaps, when the renderer crashes mid-write", async () => {
    await using server = await serveStoragePage();
    await using browser = await launchChromium();
    const doomed = await openStoragePage(await browser.newPage(), server.url);
    await doomed.evaluate(() => window.storageTest.startAppending("burst", 5000));
    await expect
      .poll(() => doomed.evaluate(() => window.storageTest.acknowledged), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(25);
    const acknowledged = await doomed.evaluate(() => window.storageTest.acknowledged);
    const crashed = doomed.waitForEvent("crash");
    const devtools = await browser.newCDPSession(doomed);
    // The renderer dies before it can answer, so the reply to Page.crash never comes: wait for the crash.
    void devtools.send("Page.crash").catch(() => undefined);
    await crashed;

    const survivor = await openStoragePage(await browser.newPage(), server.url);
    const stored = await survivor.evaluate(() => window.storageTest.load("burst"));
    expect(stored.length).toBeGreaterThanOrEqual(acknowledged);
    expect(stored.length).toBeLessThan(5000);
    expect(stored.map((record) => record.seq)).toEqual(stored.map((_, index) => index + 1));
    expect(stored.map((record) => record.message)).toEqual(
      stored.map((_, index) => ({ role: "user", content: `m-${index}` })),
    );
    expect(await survivor.evaluate(() => window.storageTest.getSession("burst"))).toMatchObject({
      messageCount: stored.length,
    });
  });
});
