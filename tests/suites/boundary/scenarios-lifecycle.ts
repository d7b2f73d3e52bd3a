/** Lifecycle: cleanup releases the sandbox; a dead worker fails its calls as data and is replaced. */
import { expect, it } from "vitest";
import { type Run, toolModule } from "./environment.ts";

export function lifecycleScenarios(run: Run, placement: "inline" | "worker"): void {
  it(
    "cleanup stops the sandbox and releases its thread",
    run(async (harness) => {
      const cleanup = await harness.mount(toolModule("return ToolResult.ok(1);"));
      expect(harness.running()).toBe(1);
      const threads = harness.threads();
      expect(threads).toHaveLength(placement === "worker" ? 1 : 0);
      await cleanup();
      expect(harness.running()).toBe(0);
      if (placement === "worker") expect(await threads[0]?.exited).toMatchObject({ cause: "terminated" });
      expect(harness.disposals()).toEqual([
        { moduleId: "module-under-test", killed: undefined, errors: [], leaked: false },
      ]);
      expect(harness.coordinator.get("tools", "probe")).toBeUndefined();
    }),
  );

  if (placement !== "worker") return;

  it(
    "a worker killed mid-call fails the pending call as data, is reported, and is replaced on the next call",
    run(async (harness) => {
      await harness.mount(
        toolModule(`if (input.hang) await fetch("https://api.test.example/hang"); return ToolResult.ok("answered");`),
        { id: "fragile", sandbox: { permissions: { fetch: ["api.test.example"] } } },
      );
      const [first, ...others] = harness.threads();
      expect(others).toHaveLength(0);
      const pending = harness.tool().execute({ hang: true });
      await harness.api.arrived("/hang");
      await first?.terminate();
      const failed = await pending;
      expect(failed.success).toBe(false);
      expect(failed.error?.code).toBe("sandbox_killed");
      expect(harness.events.get_events("sandbox:killed").map((event) => event.data)).toEqual([
        expect.objectContaining({ module: "fragile", reason: "crash" }),
      ]);
      expect((await harness.tool().execute({})).output).toBe("answered");
      expect(harness.threads()).toHaveLength(2);
      expect(harness.events.get_events("sandbox:restarted")).toHaveLength(1);
    }),
  );
}
