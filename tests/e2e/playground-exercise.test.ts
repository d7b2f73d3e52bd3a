/**
 * The playground in Debian Chromium: a module nobody vetted, with a tool none of the examples has,
 * is exercised three ways: the offline model calls it with arguments generated from its schema
 * (edited before sending), the Tools tab runs it from a form and shows the ToolResult, the events
 * and the time, and the Hooks tab fires an event at a hook and shows each handler's answer.
 */
import { describe, expect, it } from "vitest";
import { launchChromium, serveBuiltDemo } from "./support/browser.ts";
import { openPlayground, openTab, pickAndValidate, screenshot, sendPrompt, validate } from "./support/playground.ts";

/** A tool written in Amplifier's shape (a class, input_schema, ToolResult), named like no example. */
const WORD_STATS = `import { ToolResult } from "amplifier-core";

class WordStats {
  name = "word_stats";
  description = "The most frequent words of a text";
  input_schema = {
    type: "object",
    properties: {
      text: { type: "string", description: "The text to read" },
      top: { type: "integer", minimum: 1, maximum: 5, description: "How many words to list" },
    },
    required: ["text", "top"],
  };

  async execute(input) {
    const counts = new Map();
    for (const word of input.text.toLowerCase().split(/\\W+/).filter(Boolean)) counts.set(word, (counts.get(word) ?? 0) + 1);
    const ranked = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, input.top);
    return ToolResult.ok({ words: [...counts.values()].reduce((sum, n) => sum + n, 0), top: ranked });
  }
}

export async function mount(coordinator) {
  const tool = new WordStats();
  await coordinator.mount("tools", tool, { name: tool.name });
}
`;

describe("playground: exercising any module", () => {
  it("calls a pasted tool from the chat with schema-generated arguments, from the Tools tab, and fires a hook", async () => {
    await using server = await serveBuiltDemo();
    await using browser = await launchChromium();
    const { page, errors } = await openPlayground(browser, server.url);

    await page.getByLabel("Start from").selectOption({ label: "Your own module (paste or upload)" });
    await page.getByLabel("Module id").fill("tool-word-stats");
    await page.getByLabel("Module code").fill(WORD_STATS);
    await validate(page);
    expect(await page.locator("#validation-results .verdict").textContent()).toMatch(/^Passed/);
    await page.getByRole("button", { name: "Add to the next session" }).click();
    await pickAndValidate(page, "Guard that denies tools (hook)");
    await page.getByLabel("Config (JSON, passed to mount)").fill('{"deny": ["word_stats"]}');
    await validate(page);
    await page.getByRole("button", { name: "Add to the next session" }).click();
    await page.getByRole("button", { name: "Start a new session with this list" }).click();
    await expect
      .poll(() => page.locator("#session-line").textContent(), { timeout: 30_000 })
      .toContain("sandboxed: tool-word-stats, hooks-guard");

    // 1. The offline model: the arguments come from the schema and the text asked about, then are edited.
    const prompt = page.getByRole("textbox", { name: "Message" });
    await prompt.fill("Which words are most frequent in 'beta alpha beta gamma beta alpha'?");
    await expect.poll(() => page.locator("#call-tool option").first().textContent()).toBe("word_stats");
    await page.getByRole("button", { name: "Write the call" }).click();
    expect(await prompt.inputValue()).toBe('call word_stats with {"text":"beta alpha beta gamma beta alpha","top":1}');
    await prompt.fill('call word_stats with {"text":"beta alpha beta gamma beta alpha","top":2}');
    // The guard denies word_stats: the card says so, with the guard's reason.
    const denied = await sendPrompt(page, await prompt.inputValue());
    expect(await denied.locator(".tool-call[data-tool=word_stats]").textContent()).toContain(
      "Denied by hook: tool word_stats is not allowed here",
    );

    // 2. The Hooks tab: the same decision, fired by hand, with each handler's answer.
    await openTab(page, "Hooks");
    await page.getByLabel("Event", { exact: true }).fill("tool:pre");
    await page.getByLabel("Event", { exact: true }).dispatchEvent("change");
    expect(await page.locator("#fire-event-handlers").textContent()).toContain("hooks-guard");
    await page.getByLabel("Data (JSON)").fill('{"tool_name": "word_stats", "tool_input": {"text": "x", "top": 1}}');
    await page.getByRole("button", { name: "Fire the event" }).click();
    const row = page.locator("#fire-event-results tr[data-handler*=guard-tools]");
    await expect.poll(() => row.textContent()).toContain("deny: tool word_stats is not allowed here");
    expect(await page.locator("#fire-event-verdict").textContent()).toMatch(
      /^tool:pre: \d handlers? ran in \d+ ms; combined action deny$/,
    );
    await screenshot(page, "playground-hooks-fired");

    // 3. The Tools tab calls it as the model would, so the guard denies it there too; the calculator is allowed.
    await openTab(page, "Tools");
    await expect.poll(() => page.getByLabel("Tool", { exact: true }).inputValue()).toBe("word_stats");
    expect(await page.getByLabel("text (required)").inputValue()).toBe("example");
    await page.getByLabel("text (required)").fill("one two two");
    expect(JSON.parse(await page.getByLabel("Arguments (JSON, what is sent)").inputValue())).toEqual({
      text: "one two two",
      top: 1,
    });
    await page.getByRole("button", { name: "Run tool" }).click();
    await expect.poll(() => page.locator("#run-tool-verdict").textContent()).toMatch(/^word_stats failed in \d+ ms$/);
    expect(await page.locator("#run-tool-result").textContent()).toContain("Denied by hook");
    expect(
      await page.locator("#run-tool-events li").evaluateAll((items) => items.map((item) => item.dataset.name)),
    ).toContain("tool:pre");
    expect(errors).toEqual([]);
  });

  it("runs a pasted tool from the Tools tab: its ToolResult, its events and its time", async () => {
    await using server = await serveBuiltDemo();
    await using browser = await launchChromium();
    const { page, errors } = await openPlayground(browser, server.url);
    await page.getByLabel("Start from").selectOption({ label: "Your own module (paste or upload)" });
    await page.getByLabel("Module id").fill("tool-word-stats");
    await page.getByLabel("Module code").fill(WORD_STATS);
    await validate(page);
    await page.locator("#mount").click();
    await expect
      .poll(() => page.locator("#session-line").textContent(), { timeout: 30_000 })
      .toContain("sandboxed: tool-word-stats");

    await openTab(page, "Tools");
    await expect.poll(() => page.getByLabel("Tool", { exact: true }).inputValue()).toBe("word_stats");
    await page.getByLabel("text (required)").fill("beta alpha beta");
    await page.getByLabel("top (required)").fill("2");
    await page.getByRole("button", { name: "Run tool" }).click();
    await expect
      .poll(() => page.locator("#run-tool-verdict").textContent())
      .toMatch(/^word_stats succeeded in \d+ ms$/);
    expect(JSON.parse((await page.locator("#run-tool-result").textContent()) ?? "")).toEqual({
      words: 3,
      top: [
        ["beta", 2],
        ["alpha", 1],
      ],
    });
    const events = await page
      .locator("#run-tool-events li")
      .evaluateAll((items) => items.map((item) => item.dataset.name));
    expect(events).toEqual(expect.arrayContaining(["tool:pre", "tool:post"]));
    // An input the schema refuses is answered like a model's call would be.
    await page.getByLabel("top (required)").fill("9");
    await page.getByRole("button", { name: "Run tool" }).click();
    await expect
      .poll(() => page.locator("#run-tool-result").textContent())
      .toContain("Invalid input for tool 'word_stats'");
    // Nothing of it is stored: the chat is still empty, and the offline model calls the tool from the chat too.
    const reply = await sendPrompt(page, 'call word_stats with {"text": "a b a", "top": 1}');
    expect(await reply.locator(".tool-call[data-tool=word_stats]").textContent()).toContain('"a",\n');
    await screenshot(page, "playground-run-tool");
    expect(errors).toEqual([]);
  });

  it("edits the module in a code editor that marks a SyntaxError's line and column", async () => {
    await using server = await serveBuiltDemo();
    await using browser = await launchChromium();
    const { page, errors } = await openPlayground(browser, server.url);
    await page.getByLabel("Start from").selectOption({ label: "Your own module (paste or upload)" });
    const editor = page.locator(".code-editor");
    // Highlighted JavaScript and line numbers.
    expect(await editor.locator(".cm-lineNumbers .cm-gutterElement").count()).toBeGreaterThan(10);
    expect(await editor.locator(".cm-content span[class^='ͼ']").count()).toBeGreaterThan(5);

    await page.getByLabel("Module code").fill("export async function mount(coordinator) {\n  const total = ;\n}\n");
    await validate(page);
    expect(await page.locator("#validation-results .verdict").textContent()).toMatch(/^Failed/);
    const message = page.locator("#module-code-error");
    await expect
      .poll(() => message.textContent())
      .toMatch(/^index\.js, line 2, column 17: .*SyntaxError: unexpected token/);
    const marked = editor.locator(".cm-lintRange-error");
    expect(await marked.textContent()).toBe(";");
    expect(await editor.locator(".cm-gutter-lint .cm-lint-marker-error").count()).toBe(1);
    expect(await editor.locator(".cm-activeLine").textContent()).toBe("  const total = ;");
    await screenshot(page, "playground-editor-syntax-error");

    // Fixed and validated again: the mark goes.
    await page
      .getByLabel("Module code")
      .fill(
        'export async function mount(coordinator) {\n  await coordinator.mount("tools", { name: "t", description: "d", input_schema: { type: "object" }, async execute() { return { success: true, output: 1 }; } }, { name: "t" });\n}\n',
      );
    await validate(page);
    expect(await page.locator("#validation-results .verdict").textContent()).toMatch(/^Passed/);
    expect(await message.isHidden()).toBe(true);
    expect(await editor.locator(".cm-lintRange-error").count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
