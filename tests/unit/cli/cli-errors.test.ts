/**
 * The CLI's errors, each as a module author meets it: what is printed and the exit code. `validate`
 * never reports as passed a check that did not run; `run` sends no prompt for a plan it cannot run.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runCli } from "./run-cli.ts";

// Sandboxed modules run in worker threads, which take a moment to start on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

const temporary: string[] = [];
/** A folder holding `files`; returns its path. */
function folderWith(files: Record<string, string>): string {
  const directory = mkdtempSync(join(tmpdir(), "amplifier-edge-cli-errors-"));
  temporary.push(directory);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(directory, name), text);
  return directory;
}
afterEach(() => {
  for (const directory of temporary.splice(0)) rmSync(directory, { recursive: true, force: true });
});

const HEAD = "session:\n  orchestrator: loop-streaming\n  context: context-simple\n";
const MOCK = "providers:\n  - module: provider-mock\n";
const SYNTAX_ERROR = "export async function mount(coordinator) {\n  const total = ;\n}\n";

describe("amplifier-edge validate: a module that does not load", () => {
  it("reports a syntax error as a failed module_importable with file:line:column, and nothing as ok (exit 1)", async () => {
    const directory = folderWith({ "tool-broken.js": SYNTAX_ERROR });
    const result = await runCli(["validate", join(directory, "tool-broken.js")]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL module_importable: .*SyntaxError: unexpected token/);
    expect(result.stdout).toContain(`at ${join(directory, "tool-broken.js")}:2:17`);
    expect(result.stdout).not.toMatch(/^\s+ok\s/m);
    expect(result.stdout).not.toContain("protocol_compliance");
  });

  it("gives the location in --json, with the file on disk, for an error in a file the module imports (exit 1)", async () => {
    const directory = folderWith({
      "index.js": 'import { words } from "./util.js";\nexport async function mount() { words(); }\n',
      "util.js": 'export function words() {}\nthrow new TypeError("util.js cannot start");\n',
    });
    const result = await runCli(["validate", join(directory, "index.js"), "--type", "tool", "--json"]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.checks).toEqual([
      expect.objectContaining({
        name: "module_importable",
        passed: false,
        message: expect.stringContaining("TypeError: util.js cannot start"),
        location: { file: join(directory, "util.js"), line: 2, column: expect.any(Number) },
      }),
    ]);
  });

  it("reports a refused import as a failed module_importable naming the import (exit 1)", async () => {
    const directory = folderWith({
      "tool-fs.js": 'import fs from "node:fs";\nexport async function mount() { fs.readFileSync("/etc/passwd"); }\n',
    });
    const result = await runCli(["validate", join(directory, "tool-fs.js")]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL module_importable: .*import of "node:fs" .*refused/);
    expect(result.stdout).not.toMatch(/^\s+ok\s/m);
  });

  it("reports a file without a mount export as a failed module_importable (exit 1)", async () => {
    const directory = folderWith({ "tool-nothing.js": "export const version = 1;\n" });
    const result = await runCli(["validate", join(directory, "tool-nothing.js")]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL module_importable: .*does not export a mount\(coordinator, config\)/);
    expect(result.stdout).not.toMatch(/^\s+ok\s/m);
  });
});

describe("amplifier-edge run: a plan it cannot run is refused before any prompt", () => {
  it("refuses an unknown module id with the id it most likely meant and every built-in tool (exit 2)", async () => {
    const directory = folderWith({ "plan.yaml": `${HEAD}${MOCK}tools:\n  - module: tool-calculater\n` });
    const result = await runCli(["run", join(directory, "plan.yaml"), "What is 6 * 7?"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('tools[0].module: "tool-calculater" is not a built-in module');
    expect(result.stderr).toContain('did you mean "tool-calculator"?');
    expect(result.stderr).toContain("tool-calculator, tool-web, tool-filesystem, tool-task");
    expect(result.stdout).toBe("");
  });

  it("refuses a missing source file, with the whole error (exit 2)", async () => {
    const directory = folderWith({
      "plan.yaml": `${HEAD}${MOCK}tools:\n  - module: tool-gone\n    source: ./gone/index.js\n`,
    });
    const result = await runCli(["run", join(directory, "plan.yaml"), "hi"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("tool tool-gone (source ./gone/index.js) did not load");
    expect(result.stderr).toContain(
      `cannot read ${join(directory, "gone/index.js")} (ENOENT: no such file or directory`,
    );
    expect(result.stdout).toBe("");
  });

  it("refuses a module with a syntax error, naming the file on disk, line and column (exit 2)", async () => {
    const directory = folderWith({
      "broken.js": SYNTAX_ERROR,
      "plan.yaml": `${HEAD}${MOCK}tools:\n  - module: tool-broken\n    source: ./broken.js\n`,
    });
    const result = await runCli(["run", join(directory, "plan.yaml"), "hi"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/tool tool-broken \(source \.\/broken\.js\) did not load: .*SyntaxError/);
    expect(result.stderr).toContain(`at ${join(directory, "broken.js")}:2:17`);
    expect(result.stdout).toBe("");
  });

  it("refuses a sandboxed context that does not load, as an invalid plan (exit 2)", async () => {
    const directory = folderWith({
      "broken.js": SYNTAX_ERROR,
      "plan.yaml": `session:\n  orchestrator: loop-streaming\n  context: { module: context-broken, source: ./broken.js }\n${MOCK}`,
    });
    const result = await runCli(["run", join(directory, "plan.yaml"), "hi"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Cannot initialize without context");
    expect(result.stderr).toContain(`at ${join(directory, "broken.js")}:2:17`);
  });

  it("refuses an unknown top-level section, naming it and the section it most likely meant (exit 2)", async () => {
    const directory = folderWith({ "plan.yaml": `${HEAD}provider:\n  - module: provider-mock\n` });
    const result = await runCli(["run", join(directory, "plan.yaml"), "hi"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown section "provider" (ignored by the kernel; did you mean "providers"?)');
  });

  it("names a misspelt session key beside the key it leaves missing (exit 2)", async () => {
    const directory = folderWith({
      "plan.yaml": `session:\n  orchestrator: loop-streaming\n  contex: context-simple\n${MOCK}`,
    });
    const result = await runCli(["run", join(directory, "plan.yaml"), "hi"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("session.context: required");
    expect(result.stderr).toContain('the plan has "contex" here: a typo of "context"?');
  });

  it("refuses an unknown session key the kernel would ignore (exit 2)", async () => {
    const directory = folderWith({
      "plan.yaml": `${HEAD}  injection_budget_per_trun: 500\n${MOCK}`,
    });
    const result = await runCli(["run", join(directory, "plan.yaml"), "hi"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'session.injection_budget_per_trun: unknown key (kept for the application, ignored by the kernel; did you mean "injection_budget_per_turn"?)',
    );
  });

  it("points a YAML indentation error at the line that is wrong, with no dangling colon (exit 2)", async () => {
    const directory = folderWith({
      "plan.yaml":
        "session:\n  orchestrator: loop-streaming\n   context: context-simple\nproviders:\n  - module: provider-mock\n",
    });
    const result = await runCli(["run", join(directory, "plan.yaml"), "hi"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("YAML line 3, column 4:");
    expect(result.stderr).toContain('(the line reads "context: context-simple")');
    expect(result.stderr.trimEnd()).not.toMatch(/:$/);
  });
});

describe("amplifier-edge run: tool calls that fail", () => {
  it("prints ✗ with the error for invalid input and with the reason for a call a hook denied", async () => {
    const examples = join(process.cwd(), "examples/modules");
    const directory = folderWith({
      "plan.yaml": [
        HEAD,
        "providers:",
        "  - module: provider-mock",
        "    config:",
        "      script:",
        "        - tool_calls: [{ name: word_count, arguments: { text: the quick brown fox } }]",
        "        - tool_calls: [{ name: calculator, arguments: { expression: 7 } }]",
        "      when_exhausted: default",
        "tools:",
        "  - module: tool-calculator",
        "  - module: tool-word-count",
        `    source: ${join(examples, "tool-word-count/index.js")}`,
        "hooks:",
        "  - module: hooks-guard",
        `    source: ${join(examples, "hooks-guard/index.js")}`,
        "    config: { deny: [word_count] }",
        "",
      ].join("\n"),
    });
    const result = await runCli(["run", join(directory, "plan.yaml"), "count"]);
    expect(result.code).toBe(0);
    const lines = result.stderr.split("\n");
    expect(lines).toContain("✗ word_count Denied by hook: tool word_count is not allowed here");
    expect(lines.indexOf("✗ word_count Denied by hook: tool word_count is not allowed here")).toBeLessThan(
      lines.findIndex((line) => line.startsWith("→ calculator")),
    );
    expect(result.stderr).toMatch(/^✗ calculator Invalid input for tool 'calculator': input\.expression: /m);
  });
});
