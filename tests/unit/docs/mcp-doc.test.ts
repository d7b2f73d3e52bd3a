/**
 * docs/mcp.md is the reference of `tool-mcp`'s config and events: every key the schema accepts is
 * in its tables with the default the code applies, every key it lists exists, every event the
 * module emits is listed, and its YAML is a config the module accepts, so the page cannot fall
 * behind the code.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { mcpConfigSchema, reconnectSchema, serverSchema } from "../../../src/modules/tool-mcp/config.ts";

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), "utf8");
const page = read("docs/mcp.md");

/** The rows of the first table after `marker`: key (first column) to its default (second column). */
function tableAfter(marker: string): Map<string, string> {
  const section = page.split(marker)[1] ?? "";
  const table = section.slice(section.indexOf("\n| Key |"));
  const rows = new Map<string, string>();
  for (const line of table.split("\n").slice(3)) {
    const row = /^\| `([a-z_]+)` \| ([^|]+) \|/.exec(line);
    if (row === null) break;
    rows.set(row[1] as string, (row[2] as string).trim());
  }
  return rows;
}

function yamlBlocks(text: string): unknown[] {
  return [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => parse(match[1] as string));
}

function toolMcpConfigs(plan: unknown): unknown[] {
  const tools = (plan as { tools?: { module: string; config?: unknown }[] }).tools ?? [];
  return tools.filter((entry) => entry.module === "tool-mcp").map((entry) => entry.config);
}

describe("docs/mcp.md", () => {
  it("lists every key of a server, HTTP and stdio, and only those", () => {
    const keys = new Set(serverSchema.options.flatMap((option) => Object.keys(option.shape)));
    expect([...tableAfter("### Configuration").keys()].sort()).toEqual([...keys].sort());
  });

  it("gives the defaults a server gets", () => {
    const rows = tableAfter("### Configuration");
    const parsed = mcpConfigSchema.parse({ servers: [{ name: "a", url: "https://a.example/mcp" }] }).servers[0];
    expect(parsed).toMatchObject({ transport: "auto", approval: "never", timeout_ms: 60_000 });
    expect(rows.get("transport")).toBe("`auto`");
    expect(rows.get("approval")).toBe("`never`");
    expect(rows.get("timeout_ms")).toBe("60000");
  });

  it("lists every key of reconnect with its default", () => {
    const rows = tableAfter("`reconnect` says how");
    const defaults = reconnectSchema.parse({});
    expect([...rows.keys()].sort()).toEqual(Object.keys(defaults).sort());
    for (const [key, value] of Object.entries(defaults)) expect(rows.get(key), key).toBe(String(value));
  });

  it("lists every event the module emits", () => {
    const emitted = new Set(
      [...read("src/modules/tool-mcp/server-link.ts").matchAll(/#emit\("(mcp:[a-z_]+)"/g)].map((match) => match[1]),
    );
    const listed = new Set([...page.matchAll(/^\| `(mcp:[a-z_]+)` \|/gm)].map((match) => match[1]));
    expect([...listed].sort()).toEqual([...emitted].sort());
  });

  it("shows configs the module accepts, as does examples/plans/mcp.yaml", () => {
    const configs = [...yamlBlocks(page), parse(read("examples/plans/mcp.yaml"))].flatMap(toolMcpConfigs);
    expect(configs.length).toBeGreaterThanOrEqual(2);
    for (const config of configs) expect(mcpConfigSchema.safeParse(config).error).toBeUndefined();
  });
});
