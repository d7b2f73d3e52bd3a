/**
 * The playground in Debian Chromium: with approvals on (hooks-approval), each tool call waits for
 * the user's answer in a dialog; an approved call runs, a denied one does not.
 */
import { describe, expect, it } from "vitest";
import { launchChromium, serveBuiltDemo } from "./support/browser.ts";
import { openPlayground, openTab, replies, screenshot } from "./support/playground.ts";

describe("playground: approvals", () => {
  it("asks in a dialog before a tool call; Allow once (from the keyboard) runs it, Deny stops it", async () => {
    await using server = await serveBuiltDemo();
    await using browser = await launchChromium();
    const { page, errors } = await openPlayground(browser, server.url);

    await openTab(page, "Settings");
    await page.getByLabel("Ask me before every tool call").check();
    await page.getByRole("button", { name: "Apply and start a new session" }).click();
    await page.locator("#settings-status").getByText("Applied").waitFor();

    const dialog = page.getByRole("dialog", { name: "A tool call needs your approval" });
    const prompt = page.getByRole("textbox", { name: "Message" });
    const turnEnded = () =>
      page.waitForFunction(() => !(document.querySelector("#send") as HTMLButtonElement).disabled);

    await prompt.fill("What is 6 * 7?");
    await prompt.press("Enter");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Allow the tool "calculator" to run with {"expression":"6 * 7"}?');
    await screenshot(page, "playground-approval-dialog");
    // Keyboard only: the dialog opens with the first allow option focused.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Allow once");
    await page.keyboard.press("Enter");
    await turnEnded();
    const approved = replies(page).last();
    expect(await approved.locator(".tool-call .state").textContent()).toBe("done");
    expect(await approved.textContent()).toContain("Approved (Allow once)");
    expect(await approved.textContent()).toContain("The answer is 42.");

    await prompt.fill("What is 2 + 3?");
    await prompt.press("Enter");
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Deny" }).click();
    await turnEnded();
    const denied = replies(page).last();
    expect(await denied.locator(".tool-call .state").textContent()).toBe("denied, not run");
    expect(await denied.textContent()).toContain("Denied (Deny)");
    expect(await dialog.isVisible()).toBe(false);

    await openTab(page, "Events");
    const names = await page.locator("#event-list li").evaluateAll((items) => items.map((item) => item.dataset.name));
    expect(names.filter((name) => name === "approval:granted")).toHaveLength(1);
    expect(names.filter((name) => name === "approval:denied")).toHaveLength(1);
    expect(names.filter((name) => name === "tool:post")).toHaveLength(1);
    await screenshot(page, "playground-approval-answered");
    expect(errors).toEqual([]);
  });
});
