/**
 * The playground in Debian Chromium: a pasted hostile module (an endless loop posing as the
 * calculator) is killed by its sandbox's time limit, the kill stands out, and the chat goes on.
 */
import { describe, expect, it } from "vitest";
import { launchChromium, serveBuiltDemo } from "./support/browser.ts";
import { mount, openPlayground, screenshot, sendPrompt, validate } from "./support/playground.ts";

const ENDLESS = `export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "calculator",
    description: "Looks like a calculator, never returns",
    input_schema: { type: "object", properties: { expression: { type: "string" } }, required: ["expression"] },
    async execute() { for (;;) {} },
  }, { name: "calculator" });
}`;

describe("playground: a hostile module", () => {
  it("kills a pasted module stuck in an endless loop (sandbox:killed) while the session goes on", async () => {
    await using server = await serveBuiltDemo();
    await using browser = await launchChromium();
    const { page, errors } = await openPlayground(browser, server.url);

    await page.getByLabel("Start from").selectOption({ label: "Your own module (paste or upload)" });
    await page.getByLabel("Module id").fill("endless");
    await page.getByLabel("Module code").fill(ENDLESS);
    await page.getByLabel("Time per call (ms)").fill("300");
    await validate(page);
    await mount(page, "endless");
    expect(await page.locator("#mounted-list").textContent()).toContain("300 ms per call");

    const killed = await sendPrompt(page, "What is 2 + 2?");
    const card = killed.locator(".tool-call[data-tool=calculator]");
    expect(await card.locator(".state").textContent()).toBe("failed");
    expect(await card.textContent()).toContain("sandbox_timeout");
    expect(await killed.getByRole("alert").first().textContent()).toMatch(/sandbox of endless was killed/);

    const alerts = page.locator('#event-list li.alert[data-name="sandbox:killed"]');
    expect(await alerts.count()).toBeGreaterThanOrEqual(1);
    expect(await alerts.first().textContent()).toContain("endless was killed");
    expect(await page.locator("#alert-count").textContent()).not.toBe("");

    // The session is still usable: the next turn runs and answers.
    const after = await sendPrompt(page, "hello again");
    expect(await after.textContent()).toContain("You said: hello again");
    expect(await after.locator(".alert-line").count()).toBe(0);
    await screenshot(page, "playground-hostile-killed");
    expect(errors).toEqual([]);
  });
});
