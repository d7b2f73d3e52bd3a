/** A guest that floods the boundary cannot starve the coordinator or the other modules. */
import { expect, it } from "vitest";
import { type Run, toolModule } from "./environment.ts";

const CALM = toolModule("return ToolResult.ok(input.n + 1);", "calm");

export function floodScenarios(run: Run): void {
  it(
    "10,000 awaited coordinator calls in a loop: another module's calls still complete meanwhile",
    run(async (harness) => {
      await harness.mount(
        toolModule(
          `let count = 0;
          for (let i = 0; i < 10000; i++) { await coordinator.hooks.emit("flood:tick", { i }); count++; }
          return ToolResult.ok(count);`,
          "flood",
        ),
        { id: "flooder", sandbox: { timeout_ms: 60_000 } },
      );
      await harness.mount(CALM, { id: "calm" });
      let floodFinished = false;
      const flood = harness
        .tool("flood")
        .execute({})
        .finally(() => {
          floodFinished = true;
        });
      for (let n = 0; n < 20; n += 1) expect((await harness.tool("calm").execute({ n })).output).toBe(n + 1);
      expect(floodFinished).toBe(false);
      expect((await flood).output).toBe(10_000);
    }),
  );

  it(
    "10,000 calls fired without awaiting are capped in flight; the module and its neighbour keep working",
    run(async (harness) => {
      await harness.mount(
        toolModule(
          `const calls = [];
          for (let i = 0; i < 10000; i++) calls.push(coordinator.hooks.emit("flood:tick", { i }).then(() => "ok", (error) => error.code));
          const codes = {};
          for (const code of await Promise.all(calls)) codes[code] = (codes[code] ?? 0) + 1;
          return ToolResult.ok(codes);`,
          "burst",
        ),
        { id: "burster", sandbox: { timeout_ms: 30_000, max_pending_jobs: 32 } },
      );
      await harness.mount(CALM, { id: "calm" });
      const burst = await harness.tool("burst").execute({});
      expect(burst.output).toEqual({ ok: 32, sandbox_busy: 9_968 });
      expect((await harness.tool("calm").execute({ n: 1 })).output).toBe(2);
      expect((await harness.tool("burst").execute({})).success).toBe(true);
    }),
  );

  it(
    "an oversized message is refused before it crosses: only the call that sent it fails (sandbox_payload)",
    run(async (harness) => {
      await harness.mount(
        toolModule(
          `await coordinator.hooks.emit("big", { blob: "x".repeat(2 * 1024 * 1024) }); return ToolResult.ok("sent");`,
          "big",
        ),
        { id: "oversized", sandbox: { restarts: 0 } },
      );
      await harness.mount(CALM, { id: "calm" });
      const result = await harness.tool("big").execute({});
      expect(result.success).toBe(false);
      expect(result.error?.code).toBe("sandbox_payload");
      expect(harness.events.get_events("sandbox:killed")).toEqual([]);
      expect((await harness.tool("calm").execute({ n: 41 })).output).toBe(42);
    }),
  );
}
