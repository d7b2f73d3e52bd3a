import { describe, expect, it } from "vitest";
import { HookRegistry } from "../../../src/hooks/registry.ts";

describe("HookRegistry.observe", () => {
  const clock = () => new Date("2026-11-21T10:00:00.000Z");

  it("sees every emitted event with defaults and a timestamp, even without handlers", async () => {
    const hooks = new HookRegistry({ now: clock });
    hooks.set_default_fields({ session_id: "s1" });
    const seen: [string, Record<string, unknown>][] = [];
    hooks.observe((event, data) => seen.push([event, data]));
    await hooks.emit("tool:pre", { tool_name: "calculator" });
    await hooks.emit("my-module:started", {});
    expect(seen).toEqual([
      ["tool:pre", { session_id: "s1", tool_name: "calculator", timestamp: "2026-11-21T10:00:00.000+00:00" }],
      ["my-module:started", { session_id: "s1", timestamp: "2026-11-21T10:00:00.000+00:00" }],
    ]);
  });

  it("cannot change the outcome: a throwing or mutating observer leaves the emit as it was", async () => {
    const hooks = new HookRegistry({ now: clock });
    hooks.observe((_event, data) => {
      data.tool_name = "changed";
      throw new Error("observer failed");
    });
    hooks.register("tool:pre", (_event, data) => ({ action: "modify", data: { ...data, checked: true } }));
    const result = await hooks.emit("tool:pre", { tool_name: "calculator" });
    expect(result.action).toBe("continue");
    expect(result.data).toMatchObject({ tool_name: "calculator", checked: true });
  });

  it("watches only the named events when given some", async () => {
    const hooks = new HookRegistry({ now: clock });
    const seen: string[] = [];
    hooks.observe((event) => seen.push(event), { events: ["cancel:completed"] });
    await hooks.emit("tool:pre", {});
    await hooks.emit("cancel:completed", { was_immediate: true });
    expect(seen).toEqual(["cancel:completed"]);
  });

  it("stops when unsubscribed", async () => {
    const hooks = new HookRegistry();
    const seen: string[] = [];
    const stop = hooks.observe((event) => seen.push(event));
    await hooks.emit("a");
    stop();
    await hooks.emit("b");
    expect(seen).toEqual(["a"]);
  });
});
