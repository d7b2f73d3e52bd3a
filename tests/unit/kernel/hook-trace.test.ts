/** emit_traced: each handler's answer, in the order they ran, for a person firing an event by hand. */
import { expect, it } from "vitest";
import { HookRegistry } from "../../../src/hooks/registry.ts";

it("lists each handler's result, failure and time, stops at a deny, and combines like emit", async () => {
  let clock = 0;
  const tick = () => {
    clock += 5;
    return new Date(clock);
  };
  const hooks = new HookRegistry({ now: tick });
  hooks.register("tool:pre", async () => ({ action: "modify", data: { tool_input: { text: "x" } } }), {
    priority: 1,
    name: "rewrite",
  });
  hooks.register(
    "tool:pre",
    async () => {
      throw new Error("broken handler");
    },
    { priority: 2, name: "broken" },
  );
  // A handler written in JavaScript may answer anything; the registry fails it closed.
  const invalid = (async () => "not a result") as unknown as () => Promise<undefined>;
  hooks.register("tool:pre", invalid, { priority: 3, name: "invalid" });
  hooks.register("tool:pre", async () => undefined, { priority: 4, name: "never-runs" });

  const { result, handlers } = await hooks.emit_traced("tool:pre", { tool_name: "word_count" });
  expect(handlers.map(({ name, outcome }) => [name, outcome])).toEqual([
    ["rewrite", "result"],
    ["broken", "threw"],
    ["invalid", "invalid_result"],
  ]);
  expect(handlers[0]).toMatchObject({ priority: 1, result: { action: "modify" }, duration_ms: 5 });
  expect(handlers[1]?.error).toContain("broken handler");
  expect(handlers[2]?.error).toContain("invalid returned an invalid HookResult");
  // An invalid answer fails closed, exactly as emit() decides.
  expect(result).toMatchObject({ action: "deny", reason: "Hook handler returned invalid response" });
  expect(await hooks.emit("tool:pre", { tool_name: "word_count" })).toMatchObject({ action: "deny" });
});

it("reports no handler for an event nobody registered", async () => {
  const { result, handlers } = await new HookRegistry().emit_traced("guard:stats", { a: 1 });
  expect(handlers).toEqual([]);
  expect(result).toMatchObject({ action: "continue", data: { a: 1 } });
});
