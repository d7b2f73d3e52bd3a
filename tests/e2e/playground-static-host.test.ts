/**
 * The built playground (`npm run build:demo`, dist/demo/) works from any static host: served as
 * plain files from a sub-path, its page, workers and QuickJS wasm all load by relative URLs.
 */
import { describe, expect, it } from "vitest";
import { launchChromium, serveStatic } from "./support/browser.ts";
import { mount, openPlayground, pickAndValidate, screenshot, sendPrompt } from "./support/playground.ts";

describe("playground: static hosting", () => {
  it("runs from a sub-path of a plain static file server, sandbox included", async () => {
    await using server = await serveStatic("dist/demo", "/some/sub/path/");
    await using browser = await launchChromium();
    const { page, errors } = await openPlayground(browser, server.url);
    await pickAndValidate(page, "Calculator that uses eval (tool)");
    await mount(page, "tool-calculator-eval");
    const reply = await sendPrompt(page, "What is 12 * 12?");
    expect(await reply.textContent()).toContain("The answer is 144.");
    expect(page.url()).toBe(server.url);
    await screenshot(page, "playground-static-host");
    expect(errors).toEqual([]);
  });
});
