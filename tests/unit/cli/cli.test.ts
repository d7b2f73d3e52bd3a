import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runCli } from "./run-cli.ts";

const execFileAsync = promisify(execFile);

// Sandboxed modules run in worker threads, which take a moment to start on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

const temporary: string[] = [];
function tempDir(): string {
  const directory = mkdtempSync(join(tmpdir(), "amplifier-edge-cli-"));
  temporary.push(directory);
  return directory;
}
afterEach(() => {
  for (const directory of temporary.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe("amplifier-edge run", () => {
  it("answers with the calculator through the scripted provider, one line per tool call", async () => {
    const result = await runCli(["run", "examples/plans/calculator.yaml", "What is 6 * 7?"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("42");
    expect(result.stderr).toMatch(/→ calculator .*6 \* 7/);
    expect(result.stderr).toMatch(/← calculator 42/);
  });

  it("prints one JSON object per event and a final result line with --json", async () => {
    const result = await runCli(["run", "examples/plans/calculator.yaml", "What is 6 * 7?", "--json"]);
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const events = lines.filter((line) => line.type === "event").map((line) => line.event);
    expect(events).toEqual(expect.arrayContaining(["session:start", "tool:pre", "tool:post", "execution:end"]));
    expect(events.indexOf("tool:pre")).toBeLessThan(events.indexOf("tool:post"));
    expect(lines.at(-1)).toEqual({ type: "result", response: expect.stringContaining("42") });
  });

  it("runs untrusted modules from the plan's folder in sandboxes", async () => {
    const result = await runCli([
      "run",
      "examples/plans/sandboxed-tools.yaml",
      "How many words are in 'the quick brown fox'?",
      "--json",
    ]);
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const post = lines.find((line) => line.event === "tool:post" && line.data.tool_name === "word_count");
    expect(post?.data.result.success).toBe(true);
    expect(lines.some((line) => line.event === "module:load_failed")).toBe(false);
  });

  it("mounts the tools of a stdio MCP server (examples/plans/mcp.yaml) and calls one", async () => {
    const result = await runCli(["run", "examples/plans/mcp.yaml", "How many words are in 'the quick brown fox'?"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/← text_count_words 4 words/);
    expect(result.stdout).toContain("4 words");
  });

  it("keeps a session in --store and resumes it with --session", async () => {
    const store = tempDir();
    const first = await runCli(["run", "examples/plans/persistent.yaml", "What is 2 + 3?", "--store", store]);
    expect(first.code).toBe(0);
    const sessionId = /session (\S+) stored/.exec(first.stderr)?.[1];
    expect(sessionId).toBeDefined();
    const second = await runCli([
      "run",
      "examples/plans/persistent.yaml",
      "And 4 * 5?",
      "--store",
      store,
      "--session",
      String(sessionId),
      "--json",
    ]);
    expect(second.code).toBe(0);
    const events = second.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(events.some((line) => line.event === "session:resume")).toBe(true);
    expect(events.some((line) => line.event === "session:start")).toBe(false);
  });

  it("prints a failed turn's error in --json output whole: code, message and data", async () => {
    const directory = tempDir();
    const plan = join(directory, "plan.yaml");
    writeFileSync(
      plan,
      "session:\n  orchestrator: loop-basic\n  context: context-simple\nproviders:\n  - module: provider-mock\n    config:\n      script:\n        - error: { kind: context_length }\n",
    );
    const result = await runCli(["run", plan, "hi", "--json"]);
    expect(result.code).toBe(1);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.find((line) => line.type === "error")).toMatchObject({
      type: "error",
      code: "provider_failed",
      message: expect.any(String),
      data: { kind: "context_length", retryable: false },
    });
  });

  it("names the module, the limit and what happened when a sandbox is killed", async () => {
    const directory = tempDir();
    writeFileSync(
      join(directory, "spin.js"),
      'export async function mount(coordinator) {\n  await coordinator.mount("tools", { name: "spin", description: "never returns", input_schema: { type: "object" }, async execute() { for (;;) {} } });\n}\n',
    );
    writeFileSync(
      join(directory, "plan.yaml"),
      [
        "session: { orchestrator: loop-basic, context: context-simple }",
        "providers:",
        "  - module: provider-mock",
        "    config: { script: [{ text: spinning, tool_calls: [{ name: spin, arguments: {} }] }], when_exhausted: default }",
        "tools:",
        "  - module: tool-spin",
        "    source: ./spin.js",
        "    sandbox: { timeout_ms: 200, restarts: 0 }",
        "",
      ].join("\n"),
    );
    const result = await runCli(["run", join(directory, "plan.yaml"), "spin"]);
    expect(result.stderr).toMatch(/! sandbox tool-spin killed \(timeout\): \S/);
  });

  it("prints a warning naming the module and the grant when a plan gives a hook the network", async () => {
    const directory = tempDir();
    writeFileSync(
      join(directory, "watch.js"),
      'export async function mount(coordinator) {\n  coordinator.hooks.register("tool:post", async () => ({ action: "continue" }));\n}\n',
    );
    writeFileSync(
      join(directory, "plan.yaml"),
      [
        "session: { orchestrator: loop-basic, context: context-simple }",
        "providers:",
        "  - module: provider-mock",
        "    config: { script: [{ text: hello }] }",
        "hooks:",
        "  - module: hooks-watch",
        "    source: ./watch.js",
        "    sandbox: { permissions: { fetch: [metrics.example.com] } }",
        "",
      ].join("\n"),
    );
    const result = await runCli(["run", join(directory, "plan.yaml"), "hi"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /^warning: hooks-watch: hooks on every event with permissions\.fetch \(metrics\.example\.com\): /m,
    );
    const json = await runCli(["run", join(directory, "plan.yaml"), "hi", "--json"]);
    const warnings = json.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line))
      .filter((line) => line.type === "warning");
    expect(warnings).toEqual([expect.objectContaining({ code: "risky_permissions" })]);
  });

  it("exits 2 naming the path for an invalid plan", async () => {
    const directory = tempDir();
    const plan = join(directory, "plan.yaml");
    writeFileSync(
      plan,
      "session:\n  orchestrator: loop-basic\n  context: context-simple\ntools:\n  - module: tool-calculator\n    config: 7\n",
    );
    const result = await runCli(["run", plan, "hi"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("tools[0].config");
  });

  it("exits 2 with the usage for a missing prompt, an unknown flag or --session without --store", async () => {
    for (const argv of [
      ["run", "examples/plans/calculator.yaml"],
      ["run", "examples/plans/calculator.yaml", "hi", "--bogus"],
      ["run", "examples/plans/calculator.yaml", "hi", "--session", "s1"],
      ["frobnicate"],
    ]) {
      const result = await runCli(argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.stderr).toContain("Commands:");
    }
  });

  it("exits 2 when resuming a session the store does not have", async () => {
    const result = await runCli([
      "run",
      "examples/plans/persistent.yaml",
      "hi",
      "--store",
      tempDir(),
      "--session",
      "nope",
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no session 'nope'");
  });
});

describe("amplifier-edge validate", () => {
  it("passes each example module in its sandbox", async () => {
    for (const [file, type] of [
      ["examples/modules/tool-word-count/index.js", "tool"],
      ["examples/modules/hooks-guard/index.js", "hook"],
      ["examples/modules/provider-echo/index.js", "provider"],
      ["examples/modules/context-window/index.js", "context"],
      ["examples/modules/loop-simple/index.js", "orchestrator"],
    ] as const) {
      const result = await runCli(["validate", file, "--type", type, "--json"]);
      const report = JSON.parse(result.stdout);
      expect(report.passed, `${file}: ${result.stdout}`).toBe(true);
      expect(result.code).toBe(0);
      expect(report.type).toBe(type);
      expect(report.checks.map((check: { name: string }) => check.name)).toContain("protocol_compliance");
    }
  });

  it("fails a mount() that mounts nothing with protocol_compliance and exit code 1", async () => {
    const result = await runCli([
      "validate",
      "tests/fixtures/modules/tool-mounts-nothing.js",
      "--type",
      "tool",
      "--json",
    ]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.passed).toBe(false);
    expect(report.checks).toContainEqual(
      expect.objectContaining({
        name: "protocol_compliance",
        passed: false,
        message: expect.stringContaining("No tool was mounted and mount() did not return a Tool instance"),
      }),
    );
  });

  it("fails a module that does not parse, saying so", async () => {
    const result = await runCli(["validate", "tests/fixtures/modules/tool-syntax-error.js"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL \w+: .*SyntaxError/);
  });

  it("exits 2 for a bad --type or --config", async () => {
    expect((await runCli(["validate", "x.js", "--type", "gizmo"])).code).toBe(2);
    expect((await runCli(["validate", "x.js", "--config", "{nope"])).code).toBe(2);
  });
});

describe("bin/amplifier-edge.mjs", () => {
  it("runs the compiled CLI (dist/, from npm run build:package) without a TypeScript loader", async () => {
    const { stdout } = await execFileAsync(process.execPath, [
      "bin/amplifier-edge.mjs",
      "run",
      "examples/plans/calculator.yaml",
      "What is 6 * 7?",
    ]);
    expect(stdout).toContain("42");
  }, 60_000);

  it("exits 2 on a usage error", async () => {
    await expect(execFileAsync(process.execPath, ["bin/amplifier-edge.mjs", "run"])).rejects.toMatchObject({ code: 2 });
  }, 60_000);
});
