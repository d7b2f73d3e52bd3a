/**
 * A Worker built and served by `wrangler dev` from the installed package: it answers a prompt over
 * SSE, and `amplifier-edge/client` (installed too) drives a turn with an approval and a cancelled
 * turn against it from a Node script and from a page in Chromium (another origin, through CORS).
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build, preview } from "vite";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BENCH_TOKEN, startWranglerDev } from "../../bench/support/wrangler-dev.ts";
import { launchChromium } from "../../scripts/chromium.ts";
import { fixture, run } from "./support.ts";

let server: { url: string } & AsyncDisposable;

beforeAll(async () => {
  // The repository's own wrangler, run in the fixture as the fixture's would be.
  server = await startWranglerDev({
    cwd: fixture("worker"),
    config: "wrangler.toml",
    vars: { AMPLIFIER_CORS_ORIGINS: "*" },
  });
});

afterAll(async () => {
  await server?.[Symbol.asyncDispose]();
});

/** What both client runs report: an approved turn, a cancelled one, and the history they left. */
const EXPECTED_TURNS = {
  first: { response: "Shouted.", cancelled: false },
  second: { response: "Shouting again.", cancelled: true },
  tools: ["shout: HELLO"],
  roles: ["user", "assistant", "tool", "assistant", "user", "assistant", "tool", "assistant"],
};

describe("a Cloudflare Worker", () => {
  it("serves a session whose sandboxed tool answers, with no wasm rule in its wrangler.toml", async () => {
    const plan = (await import("./fixtures/shared-plan.json")).default;
    // The installed package's client, as a Node consumer imports it.
    const installed = join(inject("consumerRoot"), "node_modules", "amplifier-edge", "dist");
    const { connectService, isEvent } = (await import(
      pathToFileURL(join(installed, "worker", "client", "index.js")).href
    )) as typeof import("amplifier-edge/client");
    const service = connectService({ url: server.url, token: BENCH_TOKEN });
    const sessionId = await service.createSession(plan);
    const calls: string[] = [];
    const turn = service.prompt(sessionId, "Shout hello", {
      onEvent: (event) => {
        if (isEvent(event, "tool:post")) calls.push(`${event.data.tool_name}: ${String(event.data.result.output)}`);
      },
    });
    expect(await turn.result).toEqual({ response: "shout returned: HELLO FROM THE SANDBOX", cancelled: false });
    expect(calls).toEqual(["shout: HELLO FROM THE SANDBOX"]);
    const stored = await service.messages(sessionId);
    expect(stored.map((message) => message.role)).toEqual(["user", "assistant", "tool", "assistant"]);
  });

  it("is driven by the client from a Node script: an approval, then a cancel", async () => {
    const folder = fixture("client");
    const { stdout } = await run(process.execPath, ["node.mjs", server.url, BENCH_TOKEN], folder, { NODE_OPTIONS: "" });
    expect(JSON.parse(stdout)).toEqual(EXPECTED_TURNS);
  });

  it("is driven by the client from a page in Chromium: an approval, then a cancel", async () => {
    const folder = fixture("client");
    await build({ root: folder, configFile: join(folder, "vite.config.mjs"), logLevel: "warn" });
    const page = await preview({
      root: folder,
      configFile: join(folder, "vite.config.mjs"),
      preview: { host: "127.0.0.1", port: 0, strictPort: false },
      logLevel: "silent",
    });
    await using browser = await launchChromium();
    try {
      const url = page.resolvedUrls?.local[0];
      if (url === undefined) throw new Error("vite preview did not report a local URL");
      const tab = await browser.newPage();
      const errors: string[] = [];
      tab.on("pageerror", (error) => errors.push(error.message));
      await tab.goto(`${url}?${new URLSearchParams({ url: server.url, token: BENCH_TOKEN })}`);
      const result = tab.locator("#result", { hasNotText: "starting" });
      await result.waitFor({ timeout: 60_000 });
      expect(JSON.parse(await result.innerText())).toEqual(EXPECTED_TURNS);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
