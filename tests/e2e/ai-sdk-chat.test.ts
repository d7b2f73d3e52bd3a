/**
 * The AI SDK's own chat client in Debian Chromium (tests/e2e/fixtures/ai-chat-page: `AbstractChat`,
 * which `useChat` wraps, and `DefaultChatTransport`; tests/fixtures/ai-chat/drive-chat.ts) against the Cloudflare service under
 * `wrangler dev`, on another origin through CORS: a turn whose sandboxed hook asks before the
 * tool runs streams its text, its tool call and its approval; the page's answer continues the turn.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { build, preview } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BENCH_TOKEN, startWranglerDev } from "../../bench/support/wrangler-dev.ts";
import { connectService } from "../../worker/client/index.ts";
import type { ChatRun, PageChatOutcome } from "./fixtures/ai-chat-page/api.ts";
import { launchChromium } from "./support/browser.ts";

const ASK_BEFORE_TOOLS = `
import { HookResult } from "amplifier-core";
export async function mount(coordinator) {
  coordinator.hooks.register("tool:pre", async (_event, data) => HookResult.ask_user("Run " + data.tool_name + "?"), {
    name: "ask-before-tools",
  });
}
`;

/** The scripted model computes 6 * 7 with the calculator; the sandboxed hook asks before it runs. */
const PLAN = {
  session: { orchestrator: "loop-streaming", context: "context-simple" },
  providers: [{ module: "provider-mock" }],
  tools: [{ module: "tool-calculator" }],
  hooks: [{ module: "hook-ask", source: { inline: ASK_BEFORE_TOOLS }, sandbox: { permissions: { approval: true } } }],
};

let service: { url: string } & AsyncDisposable;
let page: { url: string; close(): Promise<void> };
let outDir: string;

beforeAll(async () => {
  service = await startWranglerDev({ vars: { AMPLIFIER_CORS_ORIGINS: "*" } });
  const root = resolve("tests/e2e/fixtures/ai-chat-page");
  outDir = mkdtempSync(join(tmpdir(), "amplifier-edge-ai-chat-"));
  await build({ root, configFile: false, logLevel: "warn", build: { outDir, emptyOutDir: true, target: "es2022" } });
  const server = await preview({
    root,
    configFile: false,
    build: { outDir },
    preview: { host: "127.0.0.1", port: 0, strictPort: false },
    logLevel: "silent",
  });
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error("vite preview did not report a local URL");
  page = { url, close: () => server.close() };
});

afterAll(async () => {
  await page?.close();
  await service?.[Symbol.asyncDispose]();
  if (outDir !== undefined) rmSync(outDir, { recursive: true, force: true });
});

async function chat(tab: Page, approve: boolean): Promise<{ outcome: PageChatOutcome; sessionId: string }> {
  const sessionId = await connectService({ url: service.url, token: BENCH_TOKEN }).createSession(PLAN);
  await tab.goto(page.url);
  await tab.locator("#status", { hasText: "ready" }).waitFor();
  const run: ChatRun = { url: service.url, token: BENCH_TOKEN, sessionId, prompt: "What is 6 * 7?", approve };
  return { outcome: await tab.evaluate((options) => window.aiChat.run(options), run), sessionId };
}

describe("the AI SDK's chat against the Cloudflare service, in Chromium", () => {
  it("streams the answer with its tool call and approval; the approval's answer continues the one turn", async () => {
    await using browser = await launchChromium();
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on("pageerror", (error) => errors.push(error.message));
    const { outcome, sessionId } = await chat(tab, true);

    expect(outcome).toMatchObject({ status: "ready", error: undefined, requests: 2 });
    expect(outcome.messages.map((message) => message.role)).toEqual(["user", "assistant"]);
    expect(outcome.messages[1]?.parts).toEqual([
      { type: "step-start" },
      expect.objectContaining({ type: "text", text: "Let me calculate 6 * 7.", state: "done" }),
      expect.objectContaining({
        type: "dynamic-tool",
        toolName: "calculator",
        state: "output-available",
        input: { expression: "6 * 7" },
        output: "42",
        approval: expect.objectContaining({ approved: true }),
      }),
      { type: "step-start" },
      expect.objectContaining({ type: "text", text: "The answer is 42.", state: "done" }),
    ]);
    const history = await connectService({ url: service.url, token: BENCH_TOKEN }).messages(sessionId);
    expect(history.map((message) => message.role)).toEqual(["user", "assistant", "tool", "assistant"]);
    expect(errors).toEqual([]);
  });

  it("shows a denied tool call as denied, and the model's answer without it", async () => {
    await using browser = await launchChromium();
    const { outcome } = await chat(await browser.newPage(), false);
    expect(outcome).toMatchObject({ status: "ready", requests: 2 });
    const parts = outcome.messages[1]?.parts ?? [];
    expect(parts.find((part) => part.type === "dynamic-tool")).toMatchObject({
      toolName: "calculator",
      state: "output-denied",
      approval: expect.objectContaining({ approved: false }),
    });
    expect(parts.at(-1)).toMatchObject({ type: "text", state: "done" });
  });
});
