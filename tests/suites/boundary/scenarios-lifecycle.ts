/** Lifecycle: cleanup releases the sandbox; a dead worker fails its calls as data and is replaced. */
import { expect, it } from "vitest";
import type { BoundaryHost } from "../../../sandbox/boundary/boundary-host.ts";
import { type Run, toolModule } from "./environment.ts";

function onlyHost(hosts: ReadonlySet<BoundaryHost>): BoundaryHost {
  const [host, ...rest] = [...hosts];
  if (!host || rest.length > 0) throw new Error(`expected one live sandbox, found ${hosts.size}`);
  return host;
}

export function lifecycleScenarios(run: Run, placement: "inline" | "worker"): void {
  it(
    "cleanup stops the sandbox and releases its thread",
    run(async (harness) => {
      const cleanup = await harness.mount(toolModule("return ToolResult.ok(1);"));
      const thread = onlyHost(harness.boundary.hosts).thread;
      expect(thread?.placement).toBe(placement);
      await cleanup();
      expect(harness.boundary.hosts.size).toBe(0);
      expect(await thread?.exited).toMatchObject({ cause: "terminated" });
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
      const host = onlyHost(harness.boundary.hosts);
      const first = host.thread;
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
      expect(host.thread).not.toBe(first);
      expect(harness.events.get_events("sandbox:restarted")).toHaveLength(1);
    }),
  );
}
