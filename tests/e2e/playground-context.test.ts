/**
 * The playground in Debian Chromium: with a small context window, the Context tab shows the
 * stored history whole beside the compacted view the provider received, and the compaction's figures.
 */
import { describe, expect, it } from "vitest";
import { launchChromium, serveBuiltDemo } from "./support/browser.ts";
import { openPlayground, openTab, screenshot, sendPrompt } from "./support/playground.ts";

describe("playground: context view", () => {
  it("shows the stored history beside the compacted view and the figures of the last compaction", async () => {
    await using server = await serveBuiltDemo();
    await using browser = await launchChromium();
    const { page, errors } = await openPlayground(browser, server.url);
    await openTab(page, "Settings");
    await page.getByLabel("Context window of the offline model (tokens)").fill("2500");
    await page.getByRole("button", { name: "Apply and start a new session" }).click();
    await page.locator("#settings-status").getByText("Applied").waitFor();

    for (let turn = 1; turn <= 7; turn += 1) {
      await sendPrompt(page, `Turn ${turn}: what is ${turn} * ${turn + 10}? Please answer with a few words around it.`);
    }
    await openTab(page, "Context");
    // The view refreshes when a turn ends: wait until it shows the last turn.
    const count = async (prefix: string) => {
      const headings = await page.locator("#context-body h3").allTextContents();
      return Number(/\((\d+)\)/.exec(headings.find((text) => text.startsWith(prefix)) ?? "")?.[1]);
    };
    await expect.poll(() => count("Stored history")).toBe(28);
    expect(await count("Sent to the provider")).toBeLessThan(28);
    const figures = page.locator("table#compaction-figures");
    await figures.waitFor();
    const value = async (label: string) =>
      Number(await figures.locator("tr", { hasText: label }).locator("td").first().textContent());
    expect(await value("Messages before")).toBeGreaterThan(await value("Messages after"));
    expect(await value("Tokens before")).toBeGreaterThan(await value("Tokens after"));
    expect(await value("Compactions so far")).toBeGreaterThanOrEqual(1);
    // Each figure says what it means, and the levels are named, the applied ones in bold.
    expect(await figures.locator("tr", { hasText: "Budget (tokens)" }).locator("td").last().textContent()).toContain(
      "context window",
    );
    const levels = page.locator("#compaction-levels li");
    expect(await levels.count()).toBe(8);
    expect(await levels.locator("strong").count()).toBeGreaterThanOrEqual(1);

    await screenshot(page, "playground-context-compaction");
    expect(errors).toEqual([]);
  });

  it("shows what the provider answered to the request it was sent: text, tool calls, usage, finish reason", async () => {
    await using server = await serveBuiltDemo();
    await using browser = await launchChromium();
    const { page, errors } = await openPlayground(browser, server.url);
    await openTab(page, "Context");
    expect(await page.locator("#provider-answer").count()).toBe(0);

    await sendPrompt(page, "What is 6 * 7?");
    const answer = page.locator("#provider-answer");
    await expect.poll(() => page.locator("#answer-text").textContent()).toBe("The answer is 42.");
    // The last request carried the calculator's result; its answer is the text, with no further call.
    const sent = page.locator("#context-body h3", { hasText: "Sent to the provider" });
    expect(await sent.textContent()).toBe("Sent to the provider (3)");
    expect(await page.locator("#context-body .context-columns").textContent()).toContain("42");
    expect(await answer.textContent()).toContain("No tool calls.");
    const fact = (label: string) => answer.locator("tr", { hasText: label }).locator("td").textContent();
    expect(await fact("Provider")).toBe("mock");
    expect(await fact("Finish reason")).toBe("end_turn");
    expect(Number(await fact("Input tokens"))).toBeGreaterThan(0);
    expect(Number(await fact("Output tokens"))).toBeGreaterThan(0);
    await screenshot(page, "playground-context-received");
    expect(errors).toEqual([]);
  });
});
