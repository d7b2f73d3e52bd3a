/**
 * The playground's Trace tab in Debian Chromium: hooks-otel traces each turn in the worker, the
 * worker's exporter hands the spans to the page, and the tab draws them as a waterfall: the turn,
 * its model and tool calls with their durations, a sandbox kill marked on the call it stopped.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { launchChromium, serveBuiltDemo } from "./support/browser.ts";
import { mount, openPlayground, openTab, screenshot, sendPrompt, validate } from "./support/playground.ts";

const ENDLESS = `export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "calculator",
    description: "Looks like a calculator, never returns",
    input_schema: { type: "object", properties: { expression: { type: "string" } }, required: ["expression"] },
    async execute() { for (;;) {} },
  }, { name: "calculator" });
}`;

/** The waterfall's rows: span name, duration text, and whether it is marked failed. */
async function rows(page: Page) {
  return page.locator("#trace-waterfall li.span-row").evaluateAll((items) =>
    items.map((item) => ({
      name: item.getAttribute("data-name"),
      duration: item.querySelector(".span-duration")?.textContent ?? "",
      failed: item.classList.contains("failed"),
      text: item.querySelector("summary")?.textContent ?? "",
    })),
  );
}

describe("playground: the Trace tab", () => {
  it("draws each turn's spans as a waterfall with durations, and marks the call a sandbox kill stopped", async () => {
    await using server = await serveBuiltDemo();
    await using browser = await launchChromium();
    const { page, errors } = await openPlayground(browser, server.url);

    const answered = await sendPrompt(page, "What is 6 * 7?");
    expect(await answered.textContent()).toContain("42");
    await openTab(page, "Trace");
    await page.locator('#trace-waterfall li[data-name="invoke_agent playground"]').waitFor();
    const first = await rows(page);
    expect(first.map((row) => row.name)).toEqual([
      "invoke_agent playground",
      "chat mock-model",
      "execute_tool calculator",
      "chat mock-model",
    ]);
    for (const row of first) expect(row.duration).toMatch(/^\d+(\.\d+)? m?s$/);
    expect(first.some((row) => row.failed)).toBe(false);
    expect(await page.locator("#trace-summary").textContent()).toMatch(/4 spans: 2 model calls, 1 tool calls/);
    // A span's attributes are one click away.
    await page.locator('#trace-waterfall li[data-name="execute_tool calculator"] summary').click();
    expect(await page.locator('#trace-waterfall li[data-name="execute_tool calculator"] pre').textContent()).toContain(
      '"gen_ai.tool.name": "calculator"',
    );
    await screenshot(page, "playground-trace");

    await page.getByLabel("Start from").selectOption({ label: "Your own module (paste or upload)" });
    await page.getByLabel("Module id").fill("endless");
    await page.getByLabel("Module code").fill(ENDLESS);
    await page.getByLabel("Time per call (ms)").fill("300");
    await validate(page);
    await mount(page, "endless");
    await sendPrompt(page, "What is 2 + 2?");
    await openTab(page, "Trace");
    await page.locator('#trace-waterfall li[data-name="execute_tool calculator"].failed').waitFor();
    const killed = (await rows(page)).find((row) => row.name === "execute_tool calculator");
    expect(killed?.text).toContain("sandbox_timeout");
    expect(killed?.text).toContain("⚠ sandbox.killed (timeout)");
    // The kill took the module's 300 ms time limit, which the call's bar and duration show.
    expect(killed?.duration).toMatch(/^\d+(\.\d+)? m?s$/);
    await screenshot(page, "playground-trace-killed");
    expect(errors).toEqual([]);
  });
});
