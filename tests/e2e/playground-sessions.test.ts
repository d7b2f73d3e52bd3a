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

    // The export's session is still stored: the import is a copy under a new id, and says so.
    await page.getByLabel("Import a session").setInputFiles(file);
    const status = page.locator("#sessions-status");
    await expect.poll(() => status.textContent()).toMatch(/^Imported as a copy: /);
    const copyId = /^Imported as a copy: (\S+) /.exec((await status.textContent()) ?? "")?.[1] ?? "";
    expect(await status.textContent()).toContain(`(session ${exported.session_id} is already stored)`);
    expect(copyId).not.toBe(exported.session_id);
    expect(await page.locator("#sessions-problems li").count()).toBe(0);
    await expect.poll(() => list.count()).toBe(2);
    const copy = page.locator("#session-list li[data-session]:not(.current)");
    expect(await copy.locator("strong").textContent()).toBe("What is 3 * 5? (copy)");
    expect(await copy.locator(".hint").textContent()).toMatch(new RegExp(`^${copyId.slice(0, 8)} · 4 messages`));
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

  it("a history cut after a tool call resumes repaired, and the chat says what was repaired", async () => {
    await using server = await serveBuiltDemo();
    await using browser = await launchChromium();
    const { page, errors } = await openPlayground(browser, server.url);
    await sendPrompt(page, "What is 3 * 5?");
    await openTab(page, "Sessions");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export What is 3 * 5?" }).click(),
    ]);
    const exported = JSON.parse(readFileSync(await download.path(), "utf8"));
    // A crash between the model's tool call and its result: the user's message and the call only.
    const cut = { ...exported, session_id: "cut-after-tool-call", messages: exported.messages.slice(0, 2) };
    expect(cut.messages[1].tool_calls).toHaveLength(1);
    await page.getByLabel("Import a session").setInputFiles({
      name: "cut.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(cut)),
    });
    await expect
      .poll(() => page.locator("#sessions-status").textContent())
      .toBe("Imported as cut-after-tool-call. Resume it from the list.");
    const imported = page.locator('#session-list li[data-session="cut-after-tool-call"]');
    expect(await imported.locator(".hint").textContent()).toMatch(/^cut-afte · 2 messages/);
    await imported.getByRole("button", { name: /^Resume/ }).click();
    const notices = page.locator("#chat-log .message.notice");
    await expect
      .poll(() => notices.allTextContents())
      .toEqual([
        "Resumed a stored session with 4 messages.",
        "Repaired on resume: 1 tool call with no result (calculator) got an error result; the unfinished last turn was closed.",
      ]);
    await screenshot(page, "playground-import-repaired");
    expect(errors).toEqual([]);
  });
});
