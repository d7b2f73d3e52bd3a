/**
 * The playground with an MCP server, in Debian Chromium: the test server (the SDK's McpServer)
 * over https as `mcp.test.example`, which Chromium maps to 127.0.0.1. Added by URL, its tools are
 * listed, one is called from the chat (offline model: the tool's name and JSON arguments), a server
 * at a private address is refused by the gate, named in the list, then removed, and after a reload
 * the session resumes with its server.
 */
import { describe, expect, it } from "vitest";
import { startMcpTestServer } from "../fixtures/mcp/mcp-test-server.ts";
import { MCP_TEST_SPKI_SHA256, MCP_TEST_TLS } from "../fixtures/mcp/tls.ts";
import { launchChromium, serveBuiltDemo } from "./support/browser.ts";
import { openPlayground, screenshot, sendPrompt, waitUntilReady } from "./support/playground.ts";

describe("playground: MCP servers", () => {
  it("adds a server by URL, lists its tools, calls them in the chat, refuses a private address, and resumes after a reload", async () => {
    await using mcp = await startMcpTestServer({ tls: MCP_TEST_TLS });
    const port = new URL(mcp.origin).port;
    await using server = await serveBuiltDemo();
    await using browser = await launchChromium([
      "--host-resolver-rules=MAP mcp.test.example 127.0.0.1",
      `--ignore-certificate-errors-spki-list=${MCP_TEST_SPKI_SHA256}`,
    ]);
    const { page, errors } = await openPlayground(browser, server.url);

    await page.getByLabel("Server URL").fill(`https://mcp.test.example:${port}/mcp`);
    await page.getByLabel("Name (prefixes its tools)").fill("test");
    await page.getByRole("button", { name: "Connect in a new session" }).click();
    const tools = page.getByRole("list", { name: "Tools of test" });
    await tools.getByText("test_add", { exact: true }).waitFor({ timeout: 30_000 });
    expect(await page.locator("#mcp-status").textContent()).toMatch(/^Connected to test: \d+ tools/);
    expect(await tools.locator("code").allTextContents()).toEqual(
      expect.arrayContaining(["test_add", "test_fail", "test_picture"]),
    );

    // "Try" puts a call in the prompt box; the offline model makes the call the message names.
    await page.getByRole("button", { name: "Try test_add", exact: true }).click();
    expect(await page.getByRole("textbox", { name: "Message" }).inputValue()).toBe("call test_add with {}");
    const reply = await sendPrompt(page, 'call test_add with {"a": 2, "b": 3}');
    expect(await reply.textContent()).toContain("test_add returned: 5");
    const failed = await sendPrompt(page, "call test_fail");
    expect(await failed.textContent()).toContain("the fail tool always fails");
    await screenshot(page, "playground-mcp");

    // A server at a private address: the gate refuses it before any request, and the list says so.
    await page.getByLabel("Server URL").fill(`https://127.0.0.1:${port}/mcp`);
    await page.getByLabel("Name (prefixes its tools)").fill("local");
    await page.getByRole("button", { name: "Connect in a new session" }).click();
    const refused = page.locator('[data-server="local"] [role="alert"]');
    await refused.waitFor({ timeout: 30_000 });
    expect(await refused.textContent()).toMatch(/capability_denied|private|loopback/i);
    await screenshot(page, "playground-mcp-refused");
    await page.getByRole("button", { name: "Remove local" }).click();
    await page.locator('[data-server="local"]').waitFor({ state: "detached", timeout: 30_000 });
    await tools.getByText("test_add", { exact: true }).waitFor({ timeout: 30_000 });

    expect(await (await sendPrompt(page, 'call test_add with {"a": 40, "b": 2}')).textContent()).toContain(
      "returned: 42",
    );

    // After a reload the session resumes from its stored plan, with its server connected again.
    await page.reload();
    await waitUntilReady(page);
    await tools.getByText("test_add", { exact: true }).waitFor({ timeout: 30_000 });
    expect(await (await sendPrompt(page, 'call test_add with {"a": 1, "b": 1}')).textContent()).toContain(
      "returned: 2",
    );
    expect(errors).toEqual([]);
  });
});
