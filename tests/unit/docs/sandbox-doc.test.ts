/**
 * docs/sandbox.md is the reference of the plan's `sandbox:` block: every key the schema accepts is
 * described there, and every key it describes exists, so the page cannot fall behind the code.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_SANDBOX_LIMITS } from "../../../sandbox/kernel/limits.ts";
import { sandboxOptionsSchema, sandboxPermissionsSchema } from "../../../src/plan/sandbox-options.ts";

const page = readFileSync(new URL("../../../docs/sandbox.md", import.meta.url), "utf8");

/** The keys listed in the first column of the table under `heading`. */
function tableKeys(heading: string): string[] {
  const section = page.split(`\n## ${heading}\n`)[1]?.split("\n## ")[0] ?? "";
  return [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((match) => match[1] as string);
}

describe("docs/sandbox.md", () => {
  it("describes every limit of the sandbox block, and only those", () => {
    const limits = Object.keys(sandboxOptionsSchema.shape).filter((key) => key !== "permissions");
    expect(tableKeys("Limits").sort()).toEqual(limits.sort());
  });

  it("describes every permission, and only those", () => {
    expect(tableKeys("Permissions").sort()).toEqual(Object.keys(sandboxPermissionsSchema.shape).sort());
  });

  it("gives the defaults the kernel applies", () => {
    const row = (key: string) => page.match(new RegExp(`^\\| \`${key}\` \\| ([^|]+) \\|`, "m"))?.[1]?.trim();
    expect(row("timeout_ms")).toBe(String(DEFAULT_SANDBOX_LIMITS.timeoutMs));
    expect(row("memory_mb")).toBe(String(DEFAULT_SANDBOX_LIMITS.memoryMiB));
    expect(row("stack_kb")).toBe(String(DEFAULT_SANDBOX_LIMITS.stackBytes / 1024));
    expect(row("restarts")).toBe(String(DEFAULT_SANDBOX_LIMITS.restarts));
    expect(row("max_pending_jobs")).toBe(String(DEFAULT_SANDBOX_LIMITS.maxPendingJobs));
    expect(row("max_mounts")).toBe(String(DEFAULT_SANDBOX_LIMITS.maxMounts));
    expect(row("cpu_window_ms")).toBe(String(DEFAULT_SANDBOX_LIMITS.cpuWindowMs));
    expect(row("background_ms")).toBe(String(DEFAULT_SANDBOX_LIMITS.backgroundBudgetMs));
    expect(row("stream_max_events")).toBe(String(DEFAULT_SANDBOX_LIMITS.streamMaxEvents));
  });
});
