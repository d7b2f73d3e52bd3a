/**
 * The playground in Debian Chromium: sessions live in IndexedDB. After a reload the page resumes
 * the session it showed, with its history and its sandboxed modules; sessions are exported,
 * imported, resumed from the list and deleted.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { launchChromium, serveBuiltDemo } from "./support/browser.ts";
import {
  mount,
  openPlayground,
  openTab,
  pickAndValidate,
  replies,
  screenshot,
  sendPrompt,
  waitUntilReady,
} from "./support/playground.ts";

describe("playground: sessions", () => {
  it("resumes the session after a reload, with its history and its sandboxed module", async () => {
    await using server = await serveBuiltDemo();
    await using browser = await launchChromium();
    const { page, errors } = await openPlayground(browser, server.url);
    await pickAndValidate(page, "Calculator that uses eval (tool)");
    await mount(page, "tool-calculator-eval");
    await sendPrompt(page, "What is 6 * 7?");
    const sessionId = await page.locator("#session-line").textContent();

    await page.reload();
    await waitUntilReady(page);
    const line = await page.locator("#session-line").textContent();
    expect(line).toContain("(resumed)");
    expect(line?.slice(0, 16)).toBe(sessionId?.slice(0, 16));
    expect(line).toContain("sandboxed: tool-calculator-eval");
    const log = page.locator("#chat-log");
    expect(await log.locator(".message.notice").first().textContent()).toBe(
      "Resumed a stored session with 4 messages.",
    );
    expect(await log.locator(".message.user").first().textContent()).toContain("What is 6 * 7?");
    const storedCard = replies(page).first().locator(".tool-call[data-tool=calculator]");
    expect(await storedCard.locator(".state").textContent()).toBe("done");
    expect(await storedCard.textContent()).toContain("42");
    expect(await page.locator("#mounted-list").textContent()).toContain("tool-calculator-eval");

    const next = await sendPrompt(page, "What is 2 + 2?");
    expect(await next.textContent()).toContain("The answer is 4.");
    await openTab(page, "Context");
    await page.locator("#context-body h3").first().waitFor();
    expect(await page.locator("#context-body").textContent()).toContain("Stored history (8)");
    await openTab(page, "Sessions");
    const current = page.locator("#session-list li.current");
    await expect.poll(() => current.textContent()).toContain("8 messages");
    expect(await current.locator("strong").textContent()).toBe("What is 6 * 7?");
    await screenshot(page, "playground-resumed-after-reload");
    expect(errors).toEqual([]);
  });

  it("exports a session as JSON, imports it back, resumes the copy from the list and deletes it", async () => {
    await using server = await serveBuiltDemo();
    await using browser = await launchChromium();
    const { page, errors } = await openPlayground(browser, server.url);
    await sendPrompt(page, "What is 3 * 5?");
    await openTab(page, "Sessions");
    const list = page.locator("#session-list li[data-session]");
    await expect.poll(() => list.count()).toBe(1);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export What is 3 * 5?" }).click(),
    ]);
    const file = await download.path();
    const exported = JSON.parse(readFileSync(file, "utf8"));
    expect(exported).toMatchObject({ format: "amplifier-edge/session", version: 1, title: "What is 3 * 5?" });
    expect(exported.messages).toHaveLength(4);

    // A broken export is refused, each problem listed by its path (numbers as list indexes).
    const broken = {
      ...exported,
      messages: exported.messages.map((message: object, index: number) =>
        index === 1 ? { ...message, role: "robot" } : message,
      ),
    };
    await page.getByLabel("Import a session").setInputFiles({
      name: "broken.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(broken)),
    });
    await expect.poll(() => page.locator("#sessions-status").textContent()).toMatch(/^Failed: invalid_argument: /);
    expect(await page.locator("#sessions-problems li code").allTextContents()).toEqual(["messages[1].role"]);
    expect(await list.count()).toBe(1);

    await page.getByLabel("Import a session").setInputFiles(file);
    await expect.poll(() => page.locator("#sessions-status").textContent()).toMatch(/^Imported as /);
    expect(await page.locator("#sessions-problems li").count()).toBe(0);
    await expect.poll(() => list.count()).toBe(2);
    const copy = page.locator("#session-list li[data-session]:not(.current)");
    await copy.getByRole("button", { name: /^Resume/ }).click();
    await expect.poll(() => page.locator("#session-line").textContent()).toContain("(resumed)");
    expect(await page.locator("#session-line").textContent()).not.toContain(exported.session_id.slice(0, 8));
    expect(await page.locator("#chat-log .message.user").first().textContent()).toContain("What is 3 * 5?");
    expect(await replies(page).first().textContent()).toContain("The answer is 15.");

    await page
      .locator("#session-list li.current")
      .getByRole("button", { name: /^Delete/ })
      .click();
    await expect.poll(() => page.locator("#sessions-status").textContent()).toMatch(/^Deleted/);
    await expect.poll(() => list.count()).toBe(1);
    expect(await page.locator("#session-line").textContent()).toContain("(new)");
    await screenshot(page, "playground-sessions");
    expect(errors).toEqual([]);
  });
});
