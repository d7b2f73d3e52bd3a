/**
 * docs/writing-modules.md: every module on the page loads and passes validation in a sandbox, as
 * `amplifier-edge validate` runs it; every capability example works in a session with exactly the
 * grant shown; and the testing snippet runs as written.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { promisify } from "node:util";
import { afterAll, describe, expect, it, vi } from "vitest";
import { parse as parseYaml } from "yaml";
import { builtinModules } from "../../../src/modules/index.ts";
import { createSession } from "../../../src/session.ts";
import { createMemoryStore } from "../../../src/storage/memory-store.ts";
import { main } from "../../../worker/node/cli.ts";
import { createNodeSandboxes } from "../../../worker/node/node-sandbox.ts";

vi.setConfig({ testTimeout: 60_000 });

const page = readFileSync(new URL("../../../docs/writing-modules.md", import.meta.url), "utf8");

interface Block {
  readonly language: string;
  readonly info: Record<string, string>;
  readonly code: string;
}

/** The fenced blocks of the page with their info strings (`js module=tool-x kind=tool`). */
const blocks: Block[] = [...page.matchAll(/^```(\w+)([^\n]*)\n([\s\S]*?)^```$/gm)].map((match) => ({
  language: match[1] ?? "",
  info: Object.fromEntries(
    (match[2] ?? "")
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((pair) => (pair.includes("=") ? pair.split("=", 2) : [pair, "true"]) as [string, string]),
  ),
  code: match[3] ?? "",
}));
const modules = blocks.filter((block) => block.language === "js" && block.info.module !== undefined);
const moduleBy = (id: string) => modules.find((block) => block.info.module === id) as Block;

const directory = mkdtempSync(join(tmpdir(), "amplifier-edge-writing-modules-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function sink(): Writable & { text: () => string } {
  const chunks: string[] = [];
  return Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    }),
    { text: () => chunks.join("") },
  );
}

describe("docs/writing-modules.md", () => {
  it("shows a module of each of the five kinds", () => {
    expect(new Set(modules.map((block) => block.info.kind))).toEqual(
      new Set(["tool", "hook", "provider", "context", "orchestrator"]),
    );
  });

  it.each(modules.map((block) => [block.info.module, block] as const))(
    "%s passes validation in a sandbox",
    async (id, block) => {
      const file = join(directory, `${id}.js`);
      writeFileSync(file, block.code);
      const stdout = sink();
      const code = await main(["validate", file, "--type", String(block.info.kind), "--json"], {
        stdout,
        stderr: sink(),
        env: {},
      });
      const report = JSON.parse(stdout.text());
      expect(report.checks.filter((check: { passed: boolean }) => !check.passed)).toEqual([]);
      expect(code).toBe(0);
    },
  );

  /** Runs `prompt` in a session whose tools are the page's module `id` with the page's grant for `capability`. */
  async function runWithGrant(id: string, capability: string, prompts: readonly string[]) {
    const grant = blocks.find((block) => block.language === "yaml" && block.info.capability === capability);
    const sandbox = (parseYaml(grant?.code ?? "") as { sandbox: Record<string, unknown> }).sandbox;
    const requests: { url: string; authorization: string | null }[] = [];
    const fetch = async (url: string | URL | Request, init?: RequestInit) => {
      requests.push({ url: String(url), authorization: new Headers(init?.headers).get("authorization") });
      return new Response(JSON.stringify({ city: "Paris", sky: "clear" }), {
        headers: { "content-type": "application/json" },
      });
    };
    const store = createMemoryStore();
    await using sandboxes = await createNodeSandboxes({
      env: { WEATHER_KEY: "key-123" },
      store,
      capabilities: { fetch },
    });
    await using session = createSession(
      {
        session: { orchestrator: "loop-basic", context: "context-simple" },
        providers: [{ module: "provider-mock" }],
        tools: [{ module: id, source: { inline: moduleBy(id).code }, sandbox }],
      },
      { modules: builtinModules, sandbox: sandboxes.loader, store, capabilities: { units: "metric" } },
    );
    const results: unknown[] = [];
    session.coordinator.hooks.observe((event, data) => {
      if (event === "tool:post") results.push(data.result);
    });
    await session.initialize();
    expect(session.status().failedModules).toEqual([]);
    for (const prompt of prompts) await session.execute(prompt);
    return { results, requests };
  }

  it("fetch: the granted host is reached from the module", async () => {
    const { results, requests } = await runWithGrant("tool-forecast", "fetch", [
      'call forecast with {"city": "Paris"}',
    ]);
    expect(results).toEqual([expect.objectContaining({ success: true, output: { city: "Paris", sky: "clear" } })]);
    expect(requests).toEqual([{ url: "https://api.weather.example/v1/forecast?city=Paris", authorization: null }]);
  });

  it("secrets: the host adds the key, which the module never holds", async () => {
    const { results, requests } = await runWithGrant("tool-forecast", "secrets", [
      'call forecast with {"city": "Paris"}',
    ]);
    expect(requests[0]?.authorization).toBe("Bearer key-123");
    expect(JSON.stringify(results)).not.toContain("key-123");
  });

  it("capabilities: a granted name reads what the host registered", async () => {
    const { results } = await runWithGrant("tool-units", "capabilities", ["call units"]);
    expect(results).toEqual([expect.objectContaining({ success: true, output: "metric" })]);
  });

  it("transcript: the module reads the conversation", async () => {
    const { results } = await runWithGrant("tool-history-length", "transcript", ["call history_length"]);
    expect(results).toEqual([expect.objectContaining({ success: true, output: { messages: 2 } })]);
  });

  it("storage: the module's own area keeps its values across turns", async () => {
    const { results } = await runWithGrant("tool-counter", "storage", ["call counter", "call counter"]);
    expect(results).toEqual([
      expect.objectContaining({ output: { count: 1 } }),
      expect.objectContaining({ output: { count: 2 } }),
    ]);
  });

  it("the testing snippet runs as written and gives the result it states", async () => {
    const snippet = blocks.find((block) => block.language === "ts" && block.info.test === "true");
    expect(snippet).toBeDefined();
    // Inside the repository (in the git-ignored .vitest/, not under node_modules), so that
    // `amplifier-edge/...` resolves to the package itself, as it does for a user of the package.
    const folder = join(process.cwd(), ".vitest", `writing-modules-${process.pid}`);
    mkdirSync(folder, { recursive: true });
    try {
      writeFileSync(join(folder, "tool-word-stats.js"), moduleBy("tool-word-stats").code);
      writeFileSync(join(folder, "snippet.mts"), `${snippet?.code}\nconsole.log(JSON.stringify(result));\n`);
      const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "snippet.mts"], {
        cwd: folder,
      });
      const stated = /\/\/ result: (.+)$/m.exec(snippet?.code ?? "")?.[1] ?? "";
      expect(JSON.parse(stdout.trim())).toEqual(JSON.parse(stated.replace(/(\w+):/g, '"$1":')));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
