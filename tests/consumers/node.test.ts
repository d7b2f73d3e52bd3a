/** Plain Node (no TypeScript loader): a script runs a session with a sandboxed tool, and the CLI runs through the bin. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixture, run } from "./support.ts";

// Nothing of the test runner's own loaders reaches the consumer's process.
const PLAIN = { NODE_OPTIONS: "" };

describe("a Node consumer", () => {
  it("runs a session whose sandboxed tool answers from a worker thread", async () => {
    const folder = fixture("node");
    const { stdout } = await run(process.execPath, ["session.mjs"], folder, PLAIN);
    expect(JSON.parse(stdout)).toEqual({ response: "shout returned: HELLO FROM THE SANDBOX" });
  });

  it("runs the CLI through the package's bin", async () => {
    const folder = fixture("node");
    const bin = join(folder, "..", "node_modules", ".bin", "amplifier-edge");
    const { stdout, stderr } = await run(bin, ["run", "../shared-plan.json", "Shout hello"], folder, PLAIN);
    expect(stdout).toContain("HELLO FROM THE SANDBOX");
    expect(stderr).toContain("→ shout");
  });
});
