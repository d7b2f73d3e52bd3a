/**
 * The web client in Debian Chromium, driven by playwright-core: a session created on a page is
 * resumed after a reload with its whole history, and a turn cut off by a reload (the page and its
 * worker torn down mid-turn) is reported (`turn:interrupted`) and repaired when the session is resumed.
 */

import { describe, expect, it } from "vitest";
import type { MountPlanInput } from "../../src/index.ts";
import "./fixtures/web-page/api.ts";
import { launchChromium } from "./support/browser.ts";
import { openWebPage, serveWebPage } from "./web-page-server.ts";

const script = [
  { text: "Computing.", tool_calls: [{ id: "call_1", name: "calculator", arguments: { expression: "6 * 7" } }] },
  { text: "6 * 7 = 42." },
];

function plan(extra: Record<string, unknown> = {}): MountPlanInput {
  return {
    session: { orchestrator: "loop-basic", context: "context-persistent" },
    providers: [{ module: "provider-mock", config: { script, when_exhausted: "default" } }],
    tools: [{ module: "tool-calculator" }],
    ...extra,
  };
}

describe("web client across a page reload", () => {
  it("resumes a session after a reload with its history, and the next turn continues it", async () => {
    await using server = await serveWebPage();
    await using browser = await launchChromium();
    const page = await openWebPage(await browser.newPage(), server.url);
    await page.evaluate((input) => window.webTest.create(input, "reload-1"), plan());
    const first = await page.evaluate(() => window.webTest.execute("reload-1", "What is 6 * 7?"));
    expect(first.answer).toBe("6 * 7 = 42.");
    expect(first.events).toContain("session:start");
    const before = await page.evaluate(() => window.webTest.messages("reload-1"));
    expect(before.map((message) => message.role)).toEqual(["user", "assistant", "tool", "assistant"]);

    await page.reload();
    await openWebPage(page, server.url);
    const listed = await page.evaluate(() => window.webTest.list());
    expect(listed).toEqual([
      expect.objectContaining({ sessionId: "reload-1", messageCount: 4, resumable: true, open: false }),
    ]);
    const opening = await page.evaluate(() => window.webTest.resume("reload-1"));
    expect(opening).not.toContain("storage:repaired");
    expect(opening).not.toContain("turn:interrupted");
    expect(await page.evaluate(() => window.webTest.messages("reload-1"))).toEqual(before);

    const next = await page.evaluate(() => window.webTest.execute("reload-1", "And 6 * 8?"));
    expect(next.events).toContain("session:resume");
    expect(next.events).not.toContain("session:start");
    const after = await page.evaluate(() => window.webTest.messages("reload-1"));
    expect(after.slice(0, 4)).toEqual(before);
    expect(after[4]).toMatchObject({ role: "user", content: "And 6 * 8?" });
    expect(after.at(-1)?.role).toBe("assistant");
  });

  it("repairs a turn that a reload cut off while a tool waited for approval", async () => {
    await using server = await serveWebPage();
    await using browser = await launchChromium();
    const page = await openWebPage(await browser.newPage(), server.url);
    await page.evaluate(
      (input) => window.webTest.create(input, "cut-1"),
      plan({ hooks: [{ module: "hooks-approval" }] }),
    );
    await page.evaluate(() => window.webTest.startTurn("cut-1", "What is 6 * 7?"));
    // The assistant's tool call is stored before the tool is asked about; the page never answers.
    expect(await page.evaluate(() => window.webTest.approvalAsked())).toContain("calculator");

    await page.reload();
    await openWebPage(page, server.url);
    const opening = await page.evaluate(() => window.webTest.resume("cut-1"));
    expect(opening).toContain("storage:repaired");
    // The turn itself is reported, not only repaired: it died with the worker.
    const reported = await page.evaluate(() =>
      window.webTest.events["cut-1"]?.filter((e) => e.name === "turn:interrupted"),
    );
    expect(reported).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({
          code: "turn_interrupted",
          prompt: "What is 6 * 7?",
          started_at: expect.any(String),
        }),
      }),
    ]);
    const messages = await page.evaluate(() => window.webTest.messages("cut-1"));
    expect(messages.map((message) => message.role)).toEqual(["user", "assistant", "tool", "assistant"]);
    expect(messages[2]).toMatchObject({ role: "tool", tool_call_id: "call_1" });
  });
});
