import { mkdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { launchChromium, serveBuiltDemo } from "./support/browser.ts";

describe("the built demo in Debian Chromium", () => {
  it("evaluates a module in the sandbox worker when the user clicks Run", async () => {
    await using server = await serveBuiltDemo();
    await using browser = await launchChromium();
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByLabel("Module source").fill("export default { total: [1, 2, 3].reduce((a, b) => a + b) };");
    await page.getByRole("button", { name: "Run in sandbox" }).click();
    await expect.poll(() => page.locator("#result").textContent()).toBe('{"total":6}');
    mkdirSync("tests/e2e/screenshots", { recursive: true });
    await page.screenshot({ path: "tests/e2e/screenshots/demo-skeleton.png" });
  });
});
