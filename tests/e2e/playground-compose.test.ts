/**
 * The playground in Debian Chromium: the next session is composed on purpose. A visible list says
 * what it mounts (added, removed, replaced), two sessions in a row mount exactly what the list said,
 * and nothing can be sent while a session opens.
 */
import { describe, expect, it } from "vitest";
import { launchChromium, serveBuiltDemo } from "./support/browser.ts";
import { openPlayground, pickAndValidate, screenshot, sendPrompt, validate } from "./support/playground.ts";

describe("playground: composing sessions", () => {
  it("mounts exactly what the list says, in two different sessions in a row", async () => {
    await using server = await serveBuiltDemo();
    await using browser = await launchChromium();
    const { page, errors } = await openPlayground(browser, server.url);
    const next = page.locator("#next-list");
    const mounted = page.locator("#mounted-list");
    const line = page.locator("#session-line");

    await pickAndValidate(page, "Word count, two files (tool)");
    await page.getByRole("button", { name: "Add to the next session" }).click();
    expect(await next.locator("li[data-module]").allTextContents()).toEqual([
      expect.stringMatching(/^tool-word-count tool, no permissions/),
    ]);
    expect(await page.locator("#next-difference").textContent()).toBe(
      "Differs from the current session: + tool-word-count.",
    );
    await page.getByRole("button", { name: "Start a new session with this list" }).click();
    await expect.poll(() => line.textContent(), { timeout: 30_000 }).toContain("sandboxed: tool-word-count");
    expect(await mounted.locator("li strong").allTextContents()).toEqual(["tool-word-count"]);
    expect(await page.locator("#next-difference").textContent()).toBe("Same modules as the current session.");
    const counted = await sendPrompt(page, 'call word_count with {"text": "one two three four"}');
    expect(await counted.locator(".tool-call[data-tool=word_count]").textContent()).toContain('"words": 4');

    // The second session: the guard instead of the word count, on purpose.
    await pickAndValidate(page, "Guard that denies tools (hook)");
    await page.getByLabel("Grant Inject: add system messages to the conversation").check();
    await page.getByRole("button", { name: "Add to the next session" }).click();
    expect(await next.locator("li[data-module] strong").allTextContents()).toEqual(["tool-word-count", "hooks-guard"]);
    await page.getByRole("button", { name: "Remove tool-word-count" }).click();
    expect(await next.locator("li[data-module] strong").allTextContents()).toEqual(["hooks-guard"]);
    expect(await page.locator("#next-difference").textContent()).toBe(
      "Differs from the current session: + hooks-guard, − tool-word-count.",
    );
    await screenshot(page, "playground-compose-next");
    await page.getByRole("button", { name: "Start a new session with this list" }).click();
    await expect.poll(() => line.textContent(), { timeout: 30_000 }).toContain("sandboxed: hooks-guard");
    expect(await mounted.locator("li strong").allTextContents()).toEqual(["hooks-guard"]);
    expect(await line.textContent()).toContain("tools: calculator ·");

    // What answers is what the list said: the guard denies the calculator, and no word count appears.
    const reply = await sendPrompt(page, "What is 6 * 7?");
    const card = reply.locator(".tool-call[data-tool=calculator]");
    expect(await card.textContent()).toContain("Denied by hook: tool calculator is not allowed here");
    expect(await reply.locator(".tool-call[data-tool=word_count]").count()).toBe(0);
    await screenshot(page, "playground-compose-second-session");
    expect(errors).toEqual([]);
  });

  it("replaces a module of the same id, and the orchestrator already in the list", async () => {
    await using server = await serveBuiltDemo();
    await using browser = await launchChromium();
    const { page, errors } = await openPlayground(browser, server.url);
    const next = page.locator("#next-list li[data-module]");

    await pickAndValidate(page, "Word count, two files (tool)");
    await page.getByRole("button", { name: "Add to the next session" }).click();
    await page.getByLabel("Memory (MB)").fill("48");
    await page.getByRole("button", { name: "Add to the next session" }).click();
    expect(await page.locator("#module-status").textContent()).toBe(
      "tool-word-count replaces the earlier version of itself in the next session.",
    );
    expect(await next.allTextContents()).toEqual([
      expect.stringContaining("tool-word-count tool, no permissions, 48 MB"),
    ]);

    await pickAndValidate(page, "Simple agent loop (orchestrator)");
    await page.getByRole("button", { name: "Add to the next session" }).click();
    await page.getByLabel("Module id").fill("loop-other");
    await validate(page);
    await page.getByRole("button", { name: "Add to the next session" }).click();
    expect(await page.locator("#module-status").textContent()).toBe(
      "loop-other replaces loop-simple in the next session.",
    );
    expect(await next.locator("strong").allTextContents()).toEqual(["tool-word-count", "loop-other"]);
    expect(errors).toEqual([]);
  });

  it("keeps Send disabled while a session opens, so no message goes to the closing one", async () => {
    await using server = await serveBuiltDemo();
    await using browser = await launchChromium();
    const { page, errors } = await openPlayground(browser, server.url);
    await pickAndValidate(page, "Word count, two files (tool)");
    await page.getByRole("button", { name: "Add to the next session" }).click();

    // In one task: start the session, then try to send while it opens.
    const during = await page.evaluate(() => {
      (document.querySelector("#start-session") as HTMLButtonElement).click();
      const prompt = document.querySelector("#prompt") as HTMLTextAreaElement;
      prompt.value = "sent while opening";
      (prompt.form as HTMLFormElement).requestSubmit();
      return {
        send: (document.querySelector("#send") as HTMLButtonElement).disabled,
        hint: document.querySelector("#composer-hint")?.textContent,
      };
    });
    expect(during).toEqual({ send: true, hint: "Starting a new session… Send waits until it is ready." });
    await expect
      .poll(() => page.locator("#session-line").textContent(), { timeout: 30_000 })
      .toContain("sandboxed: tool-word-count");
    await expect.poll(() => page.locator("#send").isDisabled()).toBe(false);
    // The message was not sent to the closing session, and it is still there to send.
    expect(await page.locator("#chat-log .message.user").count()).toBe(0);
    expect(await page.locator("#prompt").inputValue()).toBe("sent while opening");
    expect(await page.locator("#chat-log").getByRole("alert").count()).toBe(0);
    const reply = await sendPrompt(page, "sent while opening");
    expect(await reply.textContent()).toContain("You said: sent while opening");
    expect(errors).toEqual([]);
  });
});
