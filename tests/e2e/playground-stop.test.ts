/**
 * The playground in Debian Chromium: Stop asks the loop to stop at its next step; a tool that never
 * returns needs the second click, "Stop now", which cancels the turn at once. The chat goes on.
 */
import { describe, expect, it } from "vitest";
import { launchChromium, serveBuiltDemo } from "./support/browser.ts";
import { mount, openPlayground, replies, screenshot, sendPrompt, validate } from "./support/playground.ts";

// Its time limit (60 s) outlasts the test: only an immediate cancel ends this turn in time.
const STUCK = `export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "calculator",
    description: "Thinks forever",
    input_schema: { type: "object", properties: { expression: { type: "string" } } },
    async execute() { for (;;) {} },
  }, { name: "calculator" });
}`;

describe("playground: Stop", () => {
  it("stops gracefully first, then at once, and the session goes on", async () => {
    await using server = await serveBuiltDemo();
    await using browser = await launchChromium();
    const { page, errors } = await openPlayground(browser, server.url);
    await page.getByLabel("Start from").selectOption({ label: "Your own module (paste or upload)" });
    await page.getByLabel("Module id").fill("stuck");
    await page.getByLabel("Module code").fill(STUCK);
    await page.getByLabel("Time per call (ms)").fill("60000");
    expect(await page.getByLabel("Run it in a Web Worker of its own").isChecked()).toBe(true);
    await validate(page);
    await mount(page, "stuck");

    await page.getByRole("textbox", { name: "Message" }).fill("What is 1 + 1?");
    await page.getByRole("textbox", { name: "Message" }).press("Enter");
    const card = replies(page).last().locator(".tool-call[data-tool=calculator]");
    await card.waitFor();
    expect(await card.locator(".state").textContent()).toBe("running…");

    const stop = page.locator("#stop");
    await stop.click();
    await expect.poll(() => stop.textContent()).toBe("Stop now");
    await replies(page).last().getByText("Stopping after the current step…").waitFor();
    expect(await card.locator(".state").textContent()).toBe("running…");
    await stop.click();
    await page.waitForFunction(() => !(document.querySelector("#send") as HTMLButtonElement).disabled);
    expect(await card.locator(".state").textContent()).toBe("stopped");
    expect(await replies(page).last().textContent()).toMatch(/Stopped/);
    expect(await stop.isDisabled()).toBe(true);

    const next = await sendPrompt(page, "hello after stopping");
    expect(await next.textContent()).toContain("You said: hello after stopping");
    await screenshot(page, "playground-stopped");
    expect(errors).toEqual([]);
  });
});
