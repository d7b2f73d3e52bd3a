/** A Vite app built from the installed package and opened in Chromium: a sandboxed tool answers. */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { build, preview } from "vite";
import { describe, expect, it } from "vitest";
import { launchChromium } from "../../scripts/chromium.ts";
import { fixture } from "./support.ts";

describe("a Vite app", () => {
  it("builds with the one release wasm, and its sandboxed tool answers in Chromium", async () => {
    const folder = fixture("vite");
    await build({ root: folder, configFile: join(folder, "vite.config.mjs"), logLevel: "warn" });
    const assets = readdirSync(join(folder, "dist", "assets"));
    const wasm = assets.filter((name) => name.endsWith(".wasm"));
    expect(wasm).toHaveLength(1);
    // The release build is about 0.5 MB; the debug build, never shipped, is 1.2 MB.
    expect(statSync(join(folder, "dist", "assets", wasm[0] ?? "")).size).toBeLessThan(600_000);

    const server = await preview({
      root: folder,
      configFile: join(folder, "vite.config.mjs"),
      preview: { host: "127.0.0.1", port: 0, strictPort: false },
      logLevel: "silent",
    });
    await using browser = await launchChromium();
    try {
      const url = server.resolvedUrls?.local[0];
      if (url === undefined) throw new Error("vite preview did not report a local URL");
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(url);
      const result = page.locator("#result", { hasNotText: "starting" });
      await result.waitFor({ timeout: 60_000 });
      expect(JSON.parse(await result.innerText())).toEqual({
        response: "shout returned: HELLO FROM THE SANDBOX",
        tools: ["shout"],
      });
      expect(errors).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
