/** §11.1: the hook emit algorithm (reference §4). */
import { describe, expect, it } from "vitest";
import { type HookHandlerFailure, HookRegistry, INVALID_RESPONSE_REASON } from "../../../src/hooks/registry.ts";

const fixedNow = () => new Date("2026-01-02T03:04:05.000Z");

export function registerHookEmitConformance(): void {
  describe("§11.1 hook emit algorithm", () => {
    it("with no handlers returns continue with the input data, adding no defaults or timestamp", async () => {
      const hooks = new HookRegistry({ now: fixedNow });
      hooks.set_default_fields({ session_id: "s1" });
      const result = await hooks.emit("tool:pre", { tool_name: "bash" });
      expect(result.action).toBe("continue");
      expect(result.data).toEqual({ tool_name: "bash" });
    });

    it("runs handlers lowest priority first, ties in registration order", async () => {
      const hooks = new HookRegistry();
      const order: string[] = [];
      const record = (name: string) => () => {
        order.push(name);
      };
      hooks.register("e", record("p10-a"), { priority: 10 });
      hooks.register("e", record("p-5"), { priority: -5 });
      hooks.register("e", record("p10-b"), { priority: 10 });
      hooks.register("e", record("p0"));
      await hooks.emit("e", {});
      expect(order).toEqual(["p-5", "p0", "p10-a", "p10-b"]);
    });

    it("merges default fields under the data (explicit keys win) and overwrites timestamp with RFC 3339 now", async () => {
      const hooks = new HookRegistry({ now: fixedNow });
      hooks.set_default_fields({ session_id: "s1", parent_id: "p1" });
      let seen: Record<string, unknown> = {};
      hooks.register("e", (_event, data) => {
        seen = data;
      });
      await hooks.emit("e", { parent_id: "explicit", timestamp: "caller-set", x: 1 });
      expect(seen).toEqual({
        session_id: "s1",
        parent_id: "explicit",
        x: 1,
        timestamp: "2026-01-02T03:04:05.000+00:00",
      });
    });

    it("set_default_fields replaces every default", async () => {
      const hooks = new HookRegistry();
      hooks.set_default_fields({ a: 1 });
      hooks.set_default_fields({ b: 2 });
      const result = await hooks.emit("e", {});
      expect(result.data).toEqual({});
      hooks.register("e", () => undefined);
      const withHandler = await hooks.emit("e", {});
      expect(withHandler.data).toMatchObject({ b: 2 });
      expect(withHandler.data).not.toHaveProperty("a");
    });

    it("gives each handler its own copy: mutating the argument does not leak to the next", async () => {
      const hooks = new HookRegistry();
      hooks.register("e", (_event, data) => {
        (data.nested as { value: number }).value = 99;
        data.added = true;
      });
      let second: Record<string, unknown> = {};
      hooks.register("e", (_event, data) => {
        second = data;
      });
      const result = await hooks.emit("e", { nested: { value: 1 } });
      expect(second.nested).toEqual({ value: 1 });
      expect(second).not.toHaveProperty("added");
      expect(result.data?.nested).toEqual({ value: 1 });
    });

    it("deny stops at once and later handlers never run", async () => {
      const hooks = new HookRegistry();
      let laterRan = false;
      hooks.register("e", () => ({ action: "deny", reason: "blocked" }), { priority: 1 });
      hooks.register(
        "e",
        () => {
          laterRan = true;
        },
        { priority: 2 },
      );
      const result = await hooks.emit("e", {});
      expect(result).toMatchObject({ action: "deny", reason: "blocked" });
      expect(laterRan).toBe(false);
    });

    it("modify replaces the data wholesale (no merge) and chains into the next handler", async () => {
      const hooks = new HookRegistry();
      hooks.register("e", () => ({ action: "modify", data: { only: "this" } }), { priority: 1 });
      let seen: Record<string, unknown> = {};
      hooks.register(
        "e",
        (_event, data) => {
          seen = data;
        },
        { priority: 2 },
      );
      const result = await hooks.emit("e", { original: true });
      expect(seen).toEqual({ only: "this" });
      expect(result).toMatchObject({ action: "continue", data: { only: "this" } });
    });

    it("modify then deny: the deny wins", async () => {
      const hooks = new HookRegistry();
      hooks.register("e", () => ({ action: "modify", data: { changed: 1 } }), { priority: 1 });
      hooks.register("e", (_event, data) => ({ action: "deny", reason: `saw ${String(data.changed)}` }), {
        priority: 2,
      });
      const result = await hooks.emit("e", {});
      expect(result.action).toBe("deny");
      expect(result.reason).toBe("saw 1");
    });

    it("two injections merge: texts joined by a blank line, role/ephemeral from the first, append ORed", async () => {
      const hooks = new HookRegistry();
      hooks.register("e", () => ({
        action: "inject_context",
        context_injection: "first",
        context_injection_role: "user",
        ephemeral: true,
      }));
      hooks.register("e", () => ({
        action: "inject_context",
        context_injection: "second",
        context_injection_role: "assistant",
        append_to_last_tool_result: true,
      }));
      const result = await hooks.emit("e", {});
      expect(result).toMatchObject({
        action: "inject_context",
        context_injection: "first\n\nsecond",
        context_injection_role: "user",
        ephemeral: true,
        append_to_last_tool_result: true,
      });
    });

    it("an inject_context with empty content is not collected", async () => {
      const hooks = new HookRegistry();
      hooks.register("e", () => ({ action: "inject_context", context_injection: "" }));
      expect((await hooks.emit("e", {})).action).toBe("continue");
    });

    it("the first ask_user is kept and beats injections (deny > ask_user > inject > continue)", async () => {
      const hooks = new HookRegistry();
      hooks.register("e", () => ({ action: "inject_context", context_injection: "note" }));
      hooks.register("e", () => ({ action: "ask_user", approval_prompt: "first?" }));
      hooks.register("e", () => ({ action: "ask_user", approval_prompt: "second?" }));
      const result = await hooks.emit("e", {});
      expect(result).toMatchObject({ action: "ask_user", approval_prompt: "first?" });
      hooks.register("e", () => ({ action: "deny", reason: "no" }));
      expect((await hooks.emit("e", {})).action).toBe("deny");
    });

    it("ask_user carries data modified before it (the original drops the modification)", async () => {
      const hooks = new HookRegistry();
      hooks.register("e", () => ({ action: "modify", data: { command: "ls -la" } }), { priority: 1 });
      hooks.register("e", () => ({ action: "ask_user", approval_prompt: "run?" }), { priority: 2 });
      const result = await hooks.emit("e", { command: "ls" });
      expect(result.data).toEqual({ command: "ls -la" });
    });

    it("a user_message given with continue reaches the caller (the original drops it)", async () => {
      const hooks = new HookRegistry();
      hooks.register("tool:post", () => ({
        user_message: "took 2s",
        user_message_level: "warning",
        user_message_source: "timing",
      }));
      hooks.register("tool:post", () => ({ user_message: "second is ignored" }));
      const result = await hooks.emit("tool:post", { tool_name: "bash" });
      expect(result).toMatchObject({
        action: "continue",
        user_message: "took 2s",
        user_message_level: "warning",
        user_message_source: "timing",
        data: { tool_name: "bash" },
      });
    });

    it("a handler that throws is skipped and reported, and the others still run", async () => {
      const failures: HookHandlerFailure[] = [];
      const hooks = new HookRegistry({ onHandlerError: (failure) => failures.push(failure) });
      hooks.register(
        "e",
        () => {
          throw new Error("handler bug");
        },
        { name: "buggy" },
      );
      hooks.register("e", () => ({ action: "modify", data: { ok: true } }));
      const result = await hooks.emit("e", {});
      expect(result).toMatchObject({ action: "continue", data: { ok: true } });
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ event: "e", handler_name: "buggy", kind: "threw" });
    });

    it("an invalid result fails closed: deny with the original's reason", async () => {
      const failures: HookHandlerFailure[] = [];
      const hooks = new HookRegistry({ onHandlerError: (failure) => failures.push(failure) });
      hooks.register("e", () => ({ action: "explode" }) as never);
      const result = await hooks.emit("e", {});
      expect(result).toMatchObject({ action: "deny", reason: INVALID_RESPONSE_REASON });
      expect(failures[0]?.kind).toBe("invalid_result");
      expect(failures[0]?.error).toMatchObject({
        code: "invalid_result",
        issues: [expect.objectContaining({ path: ["action"], code: "invalid_value" })],
      });
      const wrongType = new HookRegistry();
      wrongType.register("e", () => "continue" as never);
      expect((await wrongType.emit("e", {})).action).toBe("deny");
    });

    it("returning nothing means continue", async () => {
      const hooks = new HookRegistry();
      hooks.register("e", async () => undefined);
      hooks.register("e", () => null as never);
      expect((await hooks.emit("e", { a: 1 })).action).toBe("continue");
    });

    it("every default field of HookResult is present on the result", async () => {
      const hooks = new HookRegistry();
      hooks.register("e", () => ({}));
      const result = await hooks.emit("e", {});
      expect(result).toMatchObject({
        action: "continue",
        context_injection_role: "system",
        ephemeral: false,
        approval_timeout: 300,
        approval_default: "deny",
        suppress_output: false,
        user_message_level: "info",
        append_to_last_tool_result: false,
      });
    });

    it("register returns an unregister for exactly that handler; unregister(name) removes every handler with the name (the original loses the first handle)", async () => {
      const hooks = new HookRegistry();
      const calls: string[] = [];
      const off = hooks.register(
        "e",
        () => {
          calls.push("a");
        },
        { name: "same" },
      );
      hooks.register(
        "e",
        () => {
          calls.push("b");
        },
        { name: "same" },
      );
      hooks.on(
        "f",
        () => {
          calls.push("c");
        },
        { name: "same" },
      );
      expect(hooks.list_handlers()).toEqual({ e: ["same", "same"], f: ["same"] });
      off();
      await hooks.emit("e", {});
      expect(calls).toEqual(["b"]);
      expect(hooks.unregister("same")).toBe(true);
      expect(hooks.list_handlers()).toEqual({});
      expect(hooks.unregister("same")).toBe(false);
    });

    it("list_handlers filters by event and shows the run order", () => {
      const hooks = new HookRegistry();
      hooks.register("e", () => undefined, { name: "late", priority: 5 });
      hooks.register("e", () => undefined, { name: "early", priority: -1 });
      hooks.register("g", () => undefined, { name: "other" });
      expect(hooks.list_handlers("e")).toEqual({ e: ["early", "late"] });
    });

    it("rejects bad registrations with invalid_argument", () => {
      const hooks = new HookRegistry();
      expect(() => hooks.register("", () => undefined)).toThrow(/non-empty/);
      expect(() => hooks.register("e", "nope" as never)).toThrow(/function/);
      expect(() => hooks.register("e", () => undefined, { priority: Number.NaN })).toThrow(/priority/);
    });

    it("emit_and_collect: same data to every handler, no defaults, each data collected, errors and timeouts skipped", async () => {
      const failures: HookHandlerFailure[] = [];
      const hooks = new HookRegistry({ onHandlerError: (failure) => failures.push(failure) });
      hooks.set_default_fields({ session_id: "s1" });
      const seen: Record<string, unknown>[] = [];
      hooks.register("decision", (_event, data) => {
        seen.push(data);
        return { action: "modify", data: { choice: "a" } };
      });
      hooks.register("decision", () => {
        throw new Error("broken");
      });
      hooks.register("decision", () => new Promise(() => {}), { name: "never" });
      hooks.register("decision", (_event, data) => {
        seen.push(data);
        return { data: { choice: "b" } };
      });
      hooks.register("decision", () => undefined);
      const collected = await hooks.emit_and_collect("decision", { input: 1 }, { timeout: 0.02 });
      expect(collected).toEqual([{ choice: "a" }, { choice: "b" }]);
      expect(seen).toEqual([{ input: 1 }, { input: 1 }]);
      expect(failures.map((failure) => failure.kind)).toEqual(["threw", "timeout"]);
    });
  });
}
