/**
 * Tracing from the installed package: without the OpenTelemetry SDK (an optional peer) nothing of
 * it is installed and `--trace` says what to add; with it installed beside the package, the user's
 * SDK and the built-in hooks-otel share one `@opentelemetry/api`, and the CLI exports spans.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { fixture, run } from "./support.ts";

// Nothing of the test runner's own loaders reaches the consumer's process.
const PLAIN = { NODE_OPTIONS: "" };
const SDK = [
  "@opentelemetry/core",
  "@opentelemetry/exporter-trace-otlp-http",
  "@opentelemetry/resources",
  "@opentelemetry/sdk-trace",
];

/** Runs the installed CLI in `folder`; resolves with its exit code and output, failing or not. */
async function cli(folder: string, args: readonly string[]) {
  const bin = join(folder, "..", "node_modules", ".bin", "amplifier-edge");
  try {
    return { code: 0, ...(await run(bin, args, folder, PLAIN)) };
  } catch (error) {
    const failed = (error as Error & { cause: { code: number; stdout: string; stderr: string } }).cause;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("tracing from the installed package", () => {
  it("installs @opentelemetry/api and no SDK, and --trace names the SDK packages to install", async () => {
    const installed = join(inject("consumerRoot"), "node_modules");
    expect(existsSync(join(installed, "@opentelemetry", "api"))).toBe(true);
    for (const name of SDK) expect(existsSync(join(installed, name)), name).toBe(false);

    const folder = fixture("node");
    const traced = await cli(folder, ["run", "../shared-plan.json", "Shout hello", "--trace", "console"]);
    expect(traced.code).toBe(1);
    expect(traced.stderr).toContain(`--trace needs the OpenTelemetry SDK`);
    expect(traced.stderr).toContain(`missing: ${SDK.join(", ")}`);
    expect(traced.stderr).toContain("npm install @opentelemetry/core@3 ");
    // Without --trace the same install runs the turn.
    expect((await cli(folder, ["run", "../shared-plan.json", "Shout hello"])).code).toBe(0);
  });

  it("records a turn through the user's global provider, with one @opentelemetry/api shared", async () => {
    const root = inject("tracedRoot");
    // npm put the package's API and the SDK's peer in one place, so both see the same global provider.
    expect(existsSync(join(root, "node_modules", "@opentelemetry", "api"))).toBe(true);
    expect(existsSync(join(root, "node_modules", "amplifier-edge", "node_modules", "@opentelemetry", "api"))).toBe(
      false,
    );
    const { stdout } = await run(process.execPath, ["session.mjs"], fixture("traced", root), PLAIN);
    const { response, spans } = JSON.parse(stdout) as { response: string; spans: string[] };
    expect(response).toBe("shout returned: HELLO FROM THE SANDBOX");
    expect(spans).toEqual(expect.arrayContaining(["invoke_agent amplifier", "execute_tool shout"]));
  });

  it("prints the turn's spans from the CLI with --trace console when the SDK is installed", async () => {
    const folder = fixture("node", inject("tracedRoot"));
    const traced = await cli(folder, ["run", "../shared-plan.json", "Shout hello", "--trace", "console"]);
    expect(traced.code).toBe(0);
    expect(traced.stdout).toContain("HELLO FROM THE SANDBOX");
    expect(traced.stderr).toMatch(/^trace execute_tool shout \d+\.\d ms /m);
    expect(traced.stderr).toMatch(/^trace invoke_agent amplifier \d+\.\d ms /m);
  });
});
