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
    await page.getByLabel("Show", { exact: true }).selectOption({ label: "Alerts: kills, refusals, load failures" });
    const shown = await page.locator("#event-list li").evaluateAll((items) => items.map((item) => item.dataset.name));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((name) => name === "sandbox:killed")).toBe(true);
    await page.getByLabel("Show", { exact: true }).selectOption({ label: "tool:*" });
    const tools = await page.locator("#event-list li").evaluateAll((items) => items.map((item) => item.dataset.name));
    expect(tools).toEqual(["tool:pre", "tool:post"]);
    await page.getByLabel("Show", { exact: true }).selectOption({ label: "All events" });

    // The session is still usable: the next turn runs and answers.
    const after = await sendPrompt(page, "hello again");
    expect(await after.textContent()).toContain("You said: hello again");
    expect(await after.locator(".alert-line").count()).toBe(0);
    await screenshot(page, "playground-hostile-killed");
    expect(errors).toEqual([]);
  });

  it("reports a module that hangs while mounting (module:load_failed) and keeps the session working", async () => {
    await using server = await serveBuiltDemo();
    await using browser = await launchChromium();
    const { page, errors } = await openPlayground(browser, server.url);
    await page.getByLabel("Start from").selectOption({ label: "Your own module (paste or upload)" });
    await page.getByLabel("Module id").fill("hangs-at-mount");
    await page.getByLabel("Module code").fill("export async function mount() { for (;;) {} }");
    await page.getByLabel("Time per call (ms)").fill("200");
    await validate(page);
    expect(await page.locator("#validation-results .verdict").textContent()).toMatch(/^Failed/);
    expect(await page.locator("#mount").textContent()).toBe("Mount anyway, alone in a new session");
    await page.locator("#mount").click();
    await page.locator("#module-status").getByText("failed to mount").waitFor({ timeout: 30_000 });

    expect(await page.locator("#chat-log").getByRole("alert").textContent()).toMatch(
      /hangs-at-mount.*failed to load|failed to load.*hangs-at-mount/,
    );
    const failed = page.locator('#event-list li.alert[data-name="module:load_failed"]');
    expect(await failed.count()).toBe(1);
    expect(await page.locator("#session-line").textContent()).toContain("failed to load: hangs-at-mount");
    const reply = await sendPrompt(page, "What is 5 * 5?");
    expect(await reply.textContent()).toContain("The answer is 25.");
    await screenshot(page, "playground-load-failed");
    expect(errors).toEqual([]);
  });
});
