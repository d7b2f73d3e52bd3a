/**
 * The playground in Debian Chromium with a real provider: an OpenAI-compatible server (a fake
 * on 127.0.0.1) chosen in Settings with a key that stays in memory unless "remember" is ticked.
 */
import { describe, expect, it } from "vitest";
import { launchChromium, serveBuiltDemo } from "./support/browser.ts";
import { serveFakeOpenAi } from "./support/fake-openai.ts";
import { openPlayground, openTab, screenshot, sendPrompt, waitUntilReady } from "./support/playground.ts";

describe("playground: settings", () => {
  it("chats through an OpenAI-compatible server with the user's key, kept in memory only", async () => {
    await using fake = await serveFakeOpenAi((prompt) => `The fake model read: ${prompt}`);
    await using server = await serveBuiltDemo();
    await using browser = await launchChromium();
    const { page, errors } = await openPlayground(browser, server.url);

    await openTab(page, "Settings");
    await page.getByLabel(/OpenAI or compatible/).check();
    await page.getByLabel("Model", { exact: true }).fill("fake-model");
    await page.getByLabel("Base URL", { exact: true }).fill(fake.baseUrl);
    await page.getByLabel("API key").fill("sk-test-1234");
    expect(await page.getByLabel("Remember the key in this browser").isChecked()).toBe(false);
    await page.getByRole("button", { name: "Apply and start a new session" }).click();
    await page.locator("#settings-status").getByText("Applied").waitFor();
    expect(await page.locator("#session-line").textContent()).toContain("model: openai");

    const reply = await sendPrompt(page, "Hello, real model");
    expect(await reply.textContent()).toContain("The fake model read: Hello, real model");
    expect(fake.requests.length).toBeGreaterThan(0);
    expect(fake.requests.every((request) => request.authorization === "Bearer sk-test-1234")).toBe(true);
    expect(fake.requests[0]?.body.model).toBe("fake-model");
    await screenshot(page, "playground-real-provider");

    // The key was never written to the page's storage, and a reload forgets it.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(stored).not.toContain("sk-test-1234");
    expect(stored).toContain(fake.baseUrl);
    await page.reload();
    await waitUntilReady(page);
    // The session needs the key it no longer has: the page says so and starts a new one.
    expect(await page.locator("#chat-log").getByRole("alert").textContent()).toMatch(
      /could not be resumed.*OPENAI_API_KEY/,
    );
    expect(await page.locator("#session-line").textContent()).toContain("(new)");
    await openTab(page, "Settings");
    expect(await page.getByLabel("API key").inputValue()).toBe("");
    expect(errors).toEqual([]);
  });

  it("never leaves the chosen model looking applied when the session still answers with another", async () => {
    await using server = await serveBuiltDemo();
    await using browser = await launchChromium();
    const { page, errors } = await openPlayground(browser, server.url);
    await openTab(page, "Settings");
    const answering = page.locator("#settings-answering");
    expect(await answering.textContent()).toBe("Answering now: mock (the current session).");

    await page.getByLabel("Anthropic").check();
    expect(await answering.textContent()).toContain("The choice below is not applied yet");
    await page.getByRole("button", { name: "Apply and start a new session" }).click();
    // No key: refused, loudly, and the current session's model is named.
    const status = page.locator("#settings-status");
    expect(await status.getAttribute("role")).toBe("alert");
    expect(await status.textContent()).toMatch(/^Not applied: enter an API key/);
    expect(await answering.textContent()).toMatch(/^Answering now: mock \(the current session\)\. The choice/);
    expect(await page.locator("#session-line").textContent()).toContain("model: mock");
    expect(errors).toEqual([]);
  });
});
