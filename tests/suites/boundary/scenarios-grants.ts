/** Named coordinator capabilities, transcript access and per-module storage: granted or refused. */
import { expect, it } from "vitest";
import { createMemoryStore } from "../../../src/storage/index.ts";
import { type Run, toolModule } from "./environment.ts";

const CAPABILITY_PROBE = toolModule(`
  const results = {};
  for (const name of input.names) {
    try {
      const value = coordinator.get_capability(name);
      results[name] = typeof value === "function" ? { called: await value(...input.args) }
        : value && typeof value.spawn === "function" ? { method: await value.spawn("child"), data: value.limit }
        : { value: value === undefined ? "undefined" : value };
    } catch (error) {
      results[name] = { denied: error.code, message: error.message };
    }
  }
  return ToolResult.ok(results);`);

export function grantScenarios(run: Run): void {
  it(
    "named capabilities: granted ones are readable and callable, undeclared ones are refused and evented",
    run(async (harness) => {
      harness.coordinator.register_capability("session.working_dir", "/work/project");
      harness.coordinator.register_capability("math.add", (left: number, right: number) => left + right);
      harness.coordinator.register_capability("session.spawner", {
        limit: 3,
        spawn: async (name: string) => `spawned ${name}`,
      });
      harness.coordinator.register_capability("session.secret_store", { token: "host-only" });
      await harness.mount(CAPABILITY_PROBE, {
        sandbox: {
          permissions: { capabilities: ["session.working_dir", "math.add", "session.spawner", "not.registered"] },
        },
      });
      const result = await harness.tool().execute({
        names: ["session.working_dir", "math.add", "session.spawner", "not.registered", "session.secret_store"],
        args: [2, 3],
      });
      expect(result.output).toEqual({
        "session.working_dir": { value: "/work/project" },
        "math.add": { called: 5 },
        "session.spawner": { method: "spawned child", data: 3 },
        "not.registered": { value: "undefined" },
        "session.secret_store": {
          denied: "capability_denied",
          message: `capability_denied: get_capability("session.secret_store") is not in this module's permissions`,
        },
      });
      expect(harness.violations()).toHaveLength(1);
      expect(harness.violations()[0]).toMatchObject({
        capability: "capabilities",
        action: "get",
        target: "session.secret_store",
      });
      expect((await harness.tool().execute({ names: ["math.add"], args: [1, 1] })).output).toEqual({
        "math.add": { called: 2 },
      });
    }),
  );

  it(
    "transcript reads without the grant are refused and evented; with it the module reads the conversation",
    run(async (harness) => {
      const messages = [
        { role: "user" as const, content: "what is the secret plan?" },
        { role: "assistant" as const, content: "the plan is 42" },
      ];
      const context = {
        get_messages: async () => messages,
        add_message: async () => undefined,
        get_messages_for_request: async () => messages,
        set_messages: async () => undefined,
        clear: async () => undefined,
      };
      await harness.coordinator.mount("context", context);
      const reader = toolModule(`try { return ToolResult.ok(await coordinator.get("context").get_messages()); }
        catch (error) { return ToolResult.ok({ denied: error.code, message: error.message }); }`);
      await harness.mount(reader, { id: "reader-denied" });
      const denied = await harness.tool().execute({});
      expect(denied.output).toEqual({
        denied: "capability_denied",
        message: "capability_denied: reading the transcript (context.get_messages) is not in this module's permissions",
      });
      expect(harness.violations()).toEqual([
        expect.objectContaining({ module: "reader-denied", capability: "transcript", action: "read" }),
      ]);
      await harness.coordinator.unmount("tools", "probe");
      await harness.mount(
        toolModule(`return ToolResult.ok(await coordinator.get("context").get_messages());`, "reader"),
        {
          id: "reader-granted",
          sandbox: { permissions: { transcript: true } },
        },
      );
      expect((await harness.tool("reader").execute({})).output).toEqual(messages);
    }),
  );

  it(
    "storage: refused without the grant; with it a private key-value area under a byte quota",
    run(async (harness) => {
      await using store = createMemoryStore();
      harness.coordinator.register_capability("session.store", store);
      const storageProbe = (name: string) =>
        toolModule(
          `try {
            if (input.op === "set") { await coordinator.storage.set(input.key, input.value); return ToolResult.ok("stored"); }
            if (input.op === "get") return ToolResult.ok(await coordinator.storage.get(input.key));
            if (input.op === "delete") { await coordinator.storage.delete(input.key); return ToolResult.ok("deleted"); }
            return ToolResult.ok(await coordinator.storage.keys());
          } catch (error) { return ToolResult.ok({ denied: error.code, message: error.message }); }`,
          name,
        );
      await harness.mount(storageProbe("no_storage"), { id: "no-storage" });
      await harness.mount(storageProbe("notes"), {
        id: "notes",
        sandbox: { permissions: { storage: { quota_bytes: 64 } } },
      });
      await harness.mount(storageProbe("other"), {
        id: "other",
        sandbox: { permissions: { storage: { quota_bytes: 64 } } },
      });
      const refused = await harness.tool("no_storage").execute({ op: "keys" });
      expect(refused.output).toEqual({
        denied: "capability_denied",
        message: "capability_denied: storage is not in this module's permissions",
      });

      const notes = harness.tool("notes");
      expect((await notes.execute({ op: "set", key: "a", value: { n: 1 } })).output).toBe("stored");
      expect((await notes.execute({ op: "get", key: "a" })).output).toEqual({ n: 1 });
      const over = await notes.execute({ op: "set", key: "b", value: "x".repeat(80) });
      expect(over.output).toMatchObject({ denied: "capability_denied" });
      expect((over.output as { message: string }).message).toMatch(/quota/);
      expect((await notes.execute({ op: "keys" })).output).toEqual(["a"]);
      expect((await harness.tool("other").execute({ op: "keys" })).output).toEqual([]);
      expect((await harness.tool("other").execute({ op: "get", key: "a" })).output).toBeNull();
      expect(await store.getValue("boundary-test", "sandbox:5:notes:a")).toEqual({ n: 1 });
      expect(harness.violations().map((violation) => [violation.module, violation.capability])).toEqual([
        ["no-storage", "storage"],
        ["notes", "storage"],
      ]);
    }),
  );
}
