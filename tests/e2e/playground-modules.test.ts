/**
 * The playground in Debian Chromium: a third-party module is validated (each check shown),
 * mounted in its own sandbox, and reached through the offline scripted provider.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { launchChromium, serveBuiltDemo } from "./support/browser.ts";
import { mount, openPlayground, pickAndValidate, screenshot, sendPrompt, validate } from "./support/playground.ts";

describe("playground: modules", () => {
  it("validates an example module with each check shown, and mounts it in a new session", async () => {
    await using server = await serveBuiltDemo();
    await using browser = await launchChromium();
    const { page, errors } = await openPlayground(browser, server.url);

    await pickAndValidate(page, "Word count, two files (tool)");
    const results = page.locator("#validation-results");
    await expect.poll(() => results.locator(".verdict").textContent()).toMatch(/^Passed/);
    const checks = results.getByRole("list", { name: "Validation checks" }).locator("li");
    expect(await checks.count()).toBeGreaterThan(1);
    await expect.poll(() => checks.filter({ hasText: "protocol_compliance" }).textContent()).toMatch(/^PASS/);
    expect(await results.textContent()).toContain("tool word_count");
    expect((await page.locator("#module-file option").allTextContents()).sort()).toEqual([
      "count.js",
      "index.js (entry)",
    ]);

    await mount(page, "tool-word-count");
    await expect.poll(() => page.locator("#session-line").textContent()).toContain("word_count");
    expect(await page.locator("#session-line").textContent()).toContain("sandboxed: tool-word-count");

    // The offline model calls any tool it is told to, with the arguments written: it counts what is asked.
    const reply = await sendPrompt(
      page,
      'call word_count with {"text": "the quick brown fox jumps over the lazy dog"}',
    );
    const card = reply.locator(".tool-call[data-tool=word_count]");
    expect(await card.locator(".state").textContent()).toBe("done");
    expect(await card.textContent()).toContain('"words": 9');
    expect(await page.locator('#event-list li[data-name="sandbox:started"]').count()).toBeGreaterThan(0);
    await screenshot(page, "playground-validate-mount");
    expect(errors).toEqual([]);
  });

  it("chats with the scripted provider through a sandboxed tool (the eval calculator)", async () => {
    await using server = await serveBuiltDemo();
    await using browser = await launchChromium();
    const { page, errors } = await openPlayground(browser, server.url);

    await pickAndValidate(page, "Calculator that uses eval (tool)");
    await mount(page, "tool-calculator-eval");
    const reply = await sendPrompt(page, "What is 6 * 7?");
    const card = reply.locator(".tool-call[data-tool=calculator]");
    expect(await card.locator(".state").textContent()).toBe("done");
    expect(await card.textContent()).toContain('"expression": "6 * 7"');
    expect(await card.locator("pre").last().textContent()).toContain("42");
    expect(await reply.textContent()).toContain("The answer is 42.");
    // The calculator that answered is the sandboxed one: the built-in calculator is not mounted.
    expect(await page.locator("#session-line").textContent()).toContain("sandboxed: tool-calculator-eval");
    const toolPost = page.locator('#event-list li[data-name="tool:post"]');
    expect(await toolPost.count()).toBe(1);
    await screenshot(page, "playground-chat-sandboxed-tool");
    expect(errors).toEqual([]);
  });

  it("grants a permission only when ticked: refused (policy:violation) without it, allowed with it", async () => {
    await using server = await serveBuiltDemo();
    await using browser = await launchChromium();
    const { page, errors } = await openPlayground(browser, server.url);

    await pickAndValidate(page, "History reader (tool, asks for the transcript)");
    const grant = page.getByLabel("Grant Transcript: read the conversation history");
    expect(await grant.isChecked()).toBe(false);
    await mount(page, "history-stats");
    expect(await page.locator("#mounted-list").textContent()).toContain("no permissions");

    const refused = await sendPrompt(page, "call history_stats");
    expect(await refused.locator(".tool-call[data-tool=history_stats]").textContent()).toContain("capability_denied");
    expect(await refused.getByRole("alert").textContent()).toContain("history-stats was refused transcript");
    const violation = page.locator('#event-list li.alert[data-name="policy:violation"]');
    expect(await violation.count()).toBe(1);
    expect(await page.locator("#alert-count").isVisible()).toBe(true);

    await grant.check();
    // More can be granted by hand: a network host, ticked when added.
    await page.getByText("Add a permission").click();
    await page.getByLabel("Host, capability, quota, event or role").fill("api.example.com");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    expect(await page.getByLabel("Grant Network: fetch https://api.example.com").isChecked()).toBe(true);
    await page.locator("#mount").click();
    await page.locator("#module-status").getByText("Mounted history-stats").waitFor();
    expect(await page.locator("#mounted-list").textContent()).toMatch(/history-stats tool, transcript, fetch,/);
    expect(await page.locator("#alert-count").isVisible()).toBe(false);
    const allowed = await sendPrompt(page, "call history_stats");
    const card = allowed.locator(".tool-call[data-tool=history_stats]");
    expect(await card.locator(".state").textContent()).toBe("done");
    expect(await card.textContent()).toContain('"messages": 2');
    expect(await violation.count()).toBe(0);
    await screenshot(page, "playground-permission-granted");
    expect(errors).toEqual([]);
  });

  it("asks before a hook may add to the conversation: its injection is refused until Inject is ticked", async () => {
    await using server = await serveBuiltDemo();
    await using browser = await launchChromium();
    const { page, errors } = await openPlayground(browser, server.url);

    await pickAndValidate(page, "Guard that denies tools (hook)");
    const grant = page.getByLabel("Grant Inject: add system messages to the conversation");
    expect(await grant.isChecked()).toBe(false);
    await mount(page, "hooks-guard");
    await sendPrompt(page, "Hello");
    const violation = page.locator('#event-list li.alert[data-name="policy:violation"]');
    expect(await violation.count()).toBe(1);
    expect(await violation.textContent()).toContain("inject");

    await grant.check();
    // A hook that could also reach the network is flagged before it is mounted, and not after the grant goes.
    expect(await page.locator("#permission-risks li").count()).toBe(0);
    await page.getByText("Add a permission").click();
    await page.locator("#permission-kind").selectOption("network");
    await page.locator("#permission-value").fill("metrics.example.com");
    await page.locator("#permission-add").click();
    expect(await page.locator("#permission-risks").textContent()).toMatch(
      /Look twice: hooks on every event with permissions\.fetch \(metrics\.example\.com\)/,
    );
    await page.getByLabel("Grant Network: fetch https://metrics.example.com").uncheck();
    expect(await page.locator("#permission-risks li").count()).toBe(0);
    await page.locator("#mount").click();
    await page.locator("#module-status").getByText("Mounted hooks-guard").waitFor();
    expect(await page.locator("#mounted-list").textContent()).toMatch(/hooks-guard hook, inject,/);
    await sendPrompt(page, "Hello");
    expect(await violation.count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("validates a module uploaded as two files, with index.js as its entry", async () => {
    await using server = await serveBuiltDemo();
    await using browser = await launchChromium();
    const { page, errors } = await openPlayground(browser, server.url);
    const file = (name: string) => ({
      name,
      mimeType: "text/javascript",
      buffer: readFileSync(join("examples/modules/tool-word-count", name)),
    });
    await page.getByLabel(/Or upload .js files/).setInputFiles([file("count.js"), file("index.js")]);
    await expect.poll(() => page.getByLabel("Start from").inputValue()).toBe("own");
    expect((await page.locator("#module-file option").allTextContents()).sort()).toEqual([
      "count.js",
      "index.js (entry)",
    ]);
    expect(await page.getByLabel("Module code").textContent()).toContain("class WordCountTool");
    await validate(page);
    expect(await page.locator("#validation-results .verdict").textContent()).toMatch(/^Passed/);
    expect(await page.locator("#validation-results").textContent()).toContain("tool word_count");
    expect(errors).toEqual([]);
    await screenshot(page, "playground-upload");
  });
});
