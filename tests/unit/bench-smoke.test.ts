import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

describe("npm run bench -- --quick", () => {
  it("runs every benchmark once and writes a well-formed result file", async () => {
    const { stdout } = await run(process.execPath, ["node_modules/tsx/dist/cli.mjs", "bench/run.ts", "--quick"], {
      timeout: 120_000,
    });
    expect(stdout).toContain("metric");
    const results = JSON.parse(readFileSync("bench/results/quick.tmp.json", "utf8")) as Record<string, unknown>;
    expect(Object.keys(results).length).toBeGreaterThan(0);
    for (const [name, result] of Object.entries(results)) {
      expect(name).toMatch(/^[a-z]+\.[a-z0-9_.]+$/);
      expect(result).toMatchObject({ value: expect.any(Number), unit: expect.any(String), runs: expect.any(Number) });
    }
  }, 180_000);
});
