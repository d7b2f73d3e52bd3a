/** Ported conformance: the hook registry (tests/test_hooks*.py, hooks.rs, the Node binding's hooks tests). */
import { describe, expect, it } from "vitest";
import { KernelError } from "../../../../src/errors.ts";
import { HookRegistry } from "../../../../src/hooks/registry.ts";
import type { HookResult } from "../../../../src/models/index.ts";
import { core, fixedClock } from "./source.ts";

const HOOKS = "tests/test_hooks.py";
const RUST = "crates/amplifier-core/src/hooks.rs";
const NODE = "bindings/node/__tests__/hooks.test.ts";
const SWITCHOVER = "bindings/python/tests/test_switchover_hooks.py";

/** A handler that appends `name` to `data.order` (a modify). */
const appendOrder = (name: string) => (_event: string, data: Record<string, unknown>) => ({
  action: "modify" as const,
  data: { ...data, order: [...((data.order as string[] | undefined) ?? []), name] },
});

export function registerUpstreamHookTests(): void {
  describe("upstream conformance: hook registry", () => {
    it(`${core(HOOKS, "test_register_method")} register lists the handler, it runs, and its unregister removes it`, async () => {
      const hooks = new HookRegistry();
      const unregister = hooks.register(
        "test:event",
        (_e, data) => ({ action: "modify", data: { ...data, handled: true } }),
        {
          name: "test-handler",
        },
      );
      expect(hooks.list_handlers("test:event")).toEqual({ "test:event": ["test-handler"] });
      const result = await hooks.emit("test:event", {});
      expect(result.action).toBe("continue");
      expect(result.data?.handled).toBe(true);
      unregister();
      expect(hooks.list_handlers("test:event")).toEqual({});
    });

    it(`${core(HOOKS, "test_on_alias")} on() registers exactly like register()`, async () => {
      const hooks = new HookRegistry();
      const off = hooks.on("test:event", (_e, data) => ({ action: "modify", data: { ...data, via_on: true } }), {
        name: "on-handler",
      });
      expect(hooks.list_handlers("test:event")["test:event"]).toEqual(["on-handler"]);
      expect((await hooks.emit("test:event", {})).data?.via_on).toBe(true);
      off();
      expect(hooks.list_handlers("test:event")).toEqual({});
    });

    it(`${core(HOOKS, "test_register_and_on_are_equivalent")} handlers added through both run in one emit`, async () => {
      const hooks = new HookRegistry();
      hooks.register("test:event", appendOrder("handler1"), { name: "handler1" });
      hooks.on("test:event", appendOrder("handler2"), { name: "handler2" });
      expect(hooks.list_handlers("test:event")["test:event"]).toEqual(["handler1", "handler2"]);
      expect((await hooks.emit("test:event", {})).data?.order).toEqual(["handler1", "handler2"]);
    });

    it(`${core(HOOKS, "test_hook_priority")} a lower priority number runs first`, async () => {
      const hooks = new HookRegistry();
      hooks.register("test:event", appendOrder("low"), { priority: 10, name: "low" });
      hooks.register("test:event", appendOrder("high"), { priority: 5, name: "high" });
      expect((await hooks.emit("test:event", {})).data?.order).toEqual(["high", "low"]);
    });

    it(`${core(NODE, "registers and emits to a JS handler")} the positional register(event, handler, 10, "my-hook") keeps its priority and name`, async () => {
      const hooks = new HookRegistry();
      const seen: unknown[] = [];
      hooks.register("tool:pre", appendOrder("late"), 50, "late");
      hooks.register(
        "tool:pre",
        (event, data) => {
          seen.push([event, data.tool]);
          return appendOrder("my-hook")(event, data);
        },
        10,
        "my-hook",
      );
      hooks.register("tool:pre", appendOrder("default"), { priority: 20 });
      const result = await hooks.emit("tool:pre", { tool: "grep" });
      expect(seen).toEqual([["tool:pre", "grep"]]);
      expect(result.data?.order).toEqual(["my-hook", "default", "late"]);
      expect(hooks.list_handlers("tool:pre")["tool:pre"]?.filter((name) => !name.startsWith("_auto_"))).toEqual([
        "my-hook",
        "late",
      ]);
    });

    it(`${core("tests/test_emit_and_collect_returns_dicts.py", "test_emit_and_collect_returns_dicts")} a positional priority with a name works for emit_and_collect, which returns plain objects`, async () => {
      const hooks = new HookRegistry();
      hooks.register(
        "test:event",
        () => ({ action: "continue", data: { key: "value", count: 42 } }),
        0,
        "test-handler",
      );
      const collected = await hooks.emit_and_collect("test:event", { trigger: true });
      expect(collected).toEqual([{ key: "value", count: 42 }]);
      expect(hooks.list_handlers()["test:event"]).toEqual(["test-handler"]);
    });

    it(`${core(NODE, "listHandlers returns registered handler names")} a handler registered positionally is listed under its name`, () => {
      const hooks = new HookRegistry();
      hooks.register("tool:pre", () => ({ action: "continue" }), 10, "my-hook");
      expect(hooks.list_handlers()["tool:pre"]).toContain("my-hook");
    });

    it(`${core(NODE, "registers and emits to a JS handler")} (its other half) a priority given in a form the registry cannot honour is refused loudly, never dropped`, () => {
      const hooks = new HookRegistry();
      const handler = () => undefined;
      const refused = (register: () => unknown) => {
        try {
          register();
        } catch (error) {
          return KernelError.is(error, "invalid_argument") ? error.message : `other: ${String(error)}`;
        }
        return "accepted";
      };
      expect(refused(() => hooks.register("e", handler, Number.NaN))).toMatch(/priority must be a finite number/);
      expect(refused(() => hooks.register("e", handler, "50" as never))).toMatch(/expected \{ priority, name \}/);
      expect(refused(() => hooks.register("e", handler, { prio: 5 } as never))).toMatch(/unknown option "prio"/);
      expect(
        refused(() => hooks.register("e", handler, ...([{ priority: 5 }, "late"] as unknown as [number]))),
      ).toMatch(/inside the options/);
      expect(refused(() => hooks.register("e", handler, 5, 7 as never))).toMatch(/name must be a string/);
      expect(hooks.list_handlers()).toEqual({});
    });

    it(`${core(HOOKS, "test_hook_data_modification")} a modify replaces the data for the result`, async () => {
      const hooks = new HookRegistry();
      hooks.register("test:event", (_e, data) => ({ action: "modify", data: { ...data, modified: true } }));
      const result = await hooks.emit("test:event", { original: true });
      expect(result.data).toMatchObject({ original: true, modified: true });
    });

    it(`${core(RUST, "multiple_modifiers_chain")} each modify sees the previous one's data`, async () => {
      const hooks = new HookRegistry();
      hooks.register("e", appendOrder("a"), { priority: 1 });
      hooks.register("e", appendOrder("b"), { priority: 2 });
      hooks.register("e", appendOrder("c"), { priority: 3 });
      expect((await hooks.emit("e", {})).data?.order).toEqual(["a", "b", "c"]);
    });

    it(`${core(HOOKS, "test_hook_deny")} a deny stops at once, carries its reason and no data`, async () => {
      const hooks = new HookRegistry();
      let laterRan = false;
      hooks.register("test:event", () => ({ action: "deny", reason: "Test denial" }), { priority: 5 });
      hooks.register(
        "test:event",
        () => {
          laterRan = true;
        },
        { priority: 10 },
      );
      const result = await hooks.emit("test:event", {});
      expect([result.action, result.reason, result.data, laterRan]).toEqual(["deny", "Test denial", undefined, false]);
    });

    it(`${core(HOOKS, "test_hook_error_handling")} a handler that throws is skipped and the next still runs`, async () => {
      const hooks = new HookRegistry();
      hooks.register(
        "test:event",
        () => {
          throw new Error("Test error");
        },
        { priority: 5 },
      );
      hooks.register("test:event", (_e, data) => ({ action: "modify", data: { ...data, still_works: true } }), {
        priority: 10,
      });
      const result = await hooks.emit("test:event", {});
      expect([result.action, result.data?.still_works]).toEqual(["continue", true]);
    });

    it(`${core(HOOKS, "test_no_handlers")} with no handlers the data comes back as given`, async () => {
      const result = await new HookRegistry().emit("test:event", { data: "value" });
      expect([result.action, result.data]).toEqual(["continue", { data: "value" }]);
    });

    it(`${core(HOOKS, "test_default_fields")} defaults are merged, explicit data wins, empty data still gets them`, async () => {
      const hooks = new HookRegistry();
      hooks.set_default_fields({ session_id: "test-session-123", env: "test" });
      const seen: Record<string, unknown>[] = [];
      hooks.register("test:event", (_e, data) => {
        seen.push(data);
      });
      await hooks.emit("test:event", { custom: "value" });
      await hooks.emit("test:event", { session_id: "override-456" });
      await hooks.emit("test:event", {});
      expect(seen.map(({ timestamp: _t, ...rest }) => rest)).toEqual([
        { session_id: "test-session-123", env: "test", custom: "value" },
        { session_id: "override-456", env: "test" },
        { session_id: "test-session-123", env: "test" },
      ]);
    });

    it(`${core(NODE, "setDefaultFields merges into emit data")} the Node binding's default fields reach a handler`, async () => {
      const hooks = new HookRegistry();
      let seen: Record<string, unknown> = {};
      hooks.register("tool:pre", (_e, data) => {
        seen = data;
      });
      hooks.set_default_fields({ session_id: "s-123", custom: "value" });
      await hooks.emit("tool:pre", { tool: "grep" });
      expect(seen).toMatchObject({ session_id: "s-123", custom: "value", tool: "grep" });
    });

    it(`${core(HOOKS, "test_ask_user_not_overwritten_by_inject_context")} an ask_user beats a later injection`, async () => {
      const hooks = new HookRegistry();
      hooks.register(
        "test:event",
        () => ({ action: "ask_user", approval_prompt: "Allow this operation?", approval_options: ["Allow", "Deny"] }),
        { priority: 5 },
      );
      hooks.register("test:event", () => ({ action: "inject_context", context_injection: "more" }), { priority: 10 });
      const result = await hooks.emit("test:event", {});
      expect([result.action, result.approval_prompt, result.approval_default]).toEqual([
        "ask_user",
        "Allow this operation?",
        "deny",
      ]);
    });

    it(`${core(HOOKS, "test_inject_context_works_without_ask_user")} two injections are merged`, async () => {
      const hooks = new HookRegistry();
      hooks.register("test:event", () => ({ action: "inject_context", context_injection: "Context from handler 1" }), {
        priority: 5,
      });
      hooks.register("test:event", () => ({ action: "inject_context", context_injection: "Context from handler 2" }), {
        priority: 10,
      });
      const result = await hooks.emit("test:event", {});
      expect(result.action).toBe("inject_context");
      expect(result.context_injection).toBe("Context from handler 1\n\nContext from handler 2");
    });

    it(`${core(HOOKS, "test_ask_user_precedence_regardless_of_handler_order")} an ask_user after an injection still wins`, async () => {
      const hooks = new HookRegistry();
      hooks.register("test:event", () => ({ action: "inject_context", context_injection: "Some context" }), {
        priority: 5,
      });
      hooks.register("test:event", () => ({ action: "ask_user", approval_prompt: "Approve?" }), { priority: 10 });
      expect(await hooks.emit("test:event", {})).toMatchObject({ action: "ask_user", approval_prompt: "Approve?" });
    });

    it(`${core(HOOKS, "test_deny_takes_precedence_over_ask_user")} a deny short-circuits an ask_user and an injection after it`, async () => {
      const hooks = new HookRegistry();
      const ran: string[] = [];
      const record = (name: string, result: Partial<HookResult>) => () => {
        ran.push(name);
        return result as never;
      };
      hooks.register("test:event", record("deny", { action: "deny", reason: "Operation not permitted" }), {
        priority: 5,
      });
      hooks.register("test:event", record("approval", { action: "ask_user" }), { priority: 10 });
      hooks.register("test:event", record("context", { action: "inject_context", context_injection: "x" }), {
        priority: 15,
      });
      const result = await hooks.emit("test:event", {});
      expect([result.action, result.reason, ran]).toEqual(["deny", "Operation not permitted", ["deny"]]);
    });

    it(`${core(RUST, "ask_user_takes_precedence_over_inject_context")} ask_user over inject_context, in the Rust kernel's words`, async () => {
      const hooks = new HookRegistry();
      hooks.register("e", () => ({ action: "ask_user", approval_prompt: "ok?" }));
      hooks.register("e", () => ({ action: "inject_context", context_injection: "ctx" }));
      expect((await hooks.emit("e", {})).action).toBe("ask_user");
    });

    it(`${core(RUST, "merge_inject_context_preserves_append_to_last_tool_result_one_true")} merged injections OR append_to_last_tool_result and keep the first's role`, async () => {
      const hooks = new HookRegistry();
      hooks.register("e", () => ({ action: "inject_context", context_injection: "a", context_injection_role: "user" }));
      hooks.register("e", () => ({
        action: "inject_context",
        context_injection: "b",
        ephemeral: true,
        append_to_last_tool_result: true,
      }));
      const result = await hooks.emit("e", {});
      expect([result.context_injection, result.context_injection_role, result.append_to_last_tool_result]).toEqual([
        "a\n\nb",
        "user",
        true,
      ]);
    });

    it(`${core(RUST, "merge_inject_context_preserves_append_to_last_tool_result_both_false")} with neither asking, the merge does not append`, async () => {
      const hooks = new HookRegistry();
      hooks.register("e", () => ({ action: "inject_context", context_injection: "a" }));
      hooks.register("e", () => ({ action: "inject_context", context_injection: "b" }));
      expect((await hooks.emit("e", {})).append_to_last_tool_result).toBe(false);
    });

    it(`${core(HOOKS, "test_emit_stamps_timestamp")} every emit with handlers carries a UTC timestamp ending in +00:00`, async () => {
      const hooks = new HookRegistry({ now: fixedClock() });
      let seen: Record<string, unknown> = {};
      hooks.register("test:event", (_e, data) => {
        seen = data;
      });
      await hooks.emit("test:event", { tool_name: "bash" });
      expect(seen.timestamp).toBe("2026-02-06T10:00:00.123+00:00");
    });

    it(`${core(HOOKS, "test_timestamp_is_infrastructure_owned")} a caller cannot set the timestamp`, async () => {
      const hooks = new HookRegistry({ now: fixedClock() });
      let seen: Record<string, unknown> = {};
      hooks.register("test:event", (_e, data) => {
        seen = data;
      });
      await hooks.emit("test:event", { timestamp: "caller-supplied-value" });
      expect(seen.timestamp).toBe("2026-02-06T10:00:00.123+00:00");
    });

    it(`${core(HOOKS, "test_timestamp_unique_across_emits")} each emit reads the clock afresh, so timestamps are ordered`, async () => {
      const times = ["2026-02-06T10:00:00.001Z", "2026-02-06T10:00:00.002Z"];
      const hooks = new HookRegistry({ now: () => new Date(times.shift() ?? "2026-02-06T10:00:01.000Z") });
      const seen: string[] = [];
      hooks.register("test:event", (_e, data) => {
        seen.push(String(data.timestamp));
      });
      await hooks.emit("test:event", {});
      await hooks.emit("test:event", {});
      expect(seen).toEqual(["2026-02-06T10:00:00.001+00:00", "2026-02-06T10:00:00.002+00:00"]);
    });

    it(`${core(HOOKS, "test_no_handlers_no_timestamp")} with no handlers no timestamp is added`, async () => {
      const result = await new HookRegistry().emit("test:event", { a: 1 });
      expect(result.data).toEqual({ a: 1 });
    });

    it(`${core("tests/test_hooks_timestamp.py", "test_emit_and_collect_does_not_stamp_timestamp")} emit_and_collect gives handlers the data as is`, async () => {
      const hooks = new HookRegistry();
      hooks.set_default_fields({ session_id: "s" });
      let seen: Record<string, unknown> = {};
      hooks.register("decision:x", (_e, data) => {
        seen = data;
      });
      await hooks.emit_and_collect("decision:x", { a: 1 });
      expect(seen).toEqual({ a: 1 });
    });

    it(`${core(RUST, "emit_and_collect_gathers_data")} every handler's data is collected, in order`, async () => {
      const hooks = new HookRegistry();
      hooks.register("d", () => ({ data: { vote: "a" } }), { priority: 2 });
      hooks.register("d", () => ({ data: { vote: "b" } }), { priority: 1 });
      hooks.register("d", () => undefined, { priority: 3 });
      expect(await hooks.emit_and_collect("d", {})).toEqual([{ vote: "b" }, { vote: "a" }]);
    });

    it(`${core(RUST, "emit_and_collect_empty_with_no_handlers")} no handlers collect nothing`, async () => {
      expect(await new HookRegistry().emit_and_collect("d", { x: 1 })).toEqual([]);
    });

    it(`${core(RUST, "emit_and_collect_skips_handler_error")} a handler that throws is skipped`, async () => {
      const hooks = new HookRegistry();
      hooks.register("d", () => {
        throw new Error("boom");
      });
      hooks.register("d", () => ({ data: { ok: true } }));
      expect(await hooks.emit_and_collect("d", {})).toEqual([{ ok: true }]);
    });

    it(`${core(RUST, "emit_and_collect_skips_timed_out_handler")} a handler slower than the timeout (seconds) is skipped`, async () => {
      const hooks = new HookRegistry();
      const failures: string[] = [];
      hooks.set_error_handler((failure) => failures.push(failure.kind));
      hooks.register("d", () => new Promise<never>(() => {}));
      hooks.register("d", () => ({ data: { ok: true } }));
      expect(await hooks.emit_and_collect("d", {}, { timeout: 0.01 })).toEqual([{ ok: true }]);
      expect(failures).toEqual(["timeout"]);
    });

    it(`${core(SWITCHOVER, "test_emit_and_collect_with_timeout")} emit_and_collect takes an optional timeout`, async () => {
      expect(await new HookRegistry().emit_and_collect("test:event", {}, { timeout: 2.0 })).toEqual([]);
    });

    it(`${core(RUST, "unregister_removes_handler")} unregister(name) removes the handler`, async () => {
      const hooks = new HookRegistry();
      let calls = 0;
      hooks.register(
        "e",
        () => {
          calls++;
        },
        { name: "counter" },
      );
      expect(hooks.unregister("counter")).toBe(true);
      await hooks.emit("e", {});
      expect([calls, hooks.unregister("counter")]).toEqual([0, false]);
    });

    it(`${core(RUST, "list_handlers_filters_by_event")} list_handlers(event) shows only that event`, () => {
      const hooks = new HookRegistry();
      hooks.register("a", () => undefined, { name: "one" });
      hooks.register("b", () => undefined, { name: "two" });
      expect(hooks.list_handlers("a")).toEqual({ a: ["one"] });
      expect(hooks.list_handlers()).toEqual({ a: ["one"], b: ["two"] });
    });

    it(`${core(SWITCHOVER, "test_list_handlers_empty")} a fresh registry lists nothing`, () => {
      expect(new HookRegistry().list_handlers()).toEqual({});
    });

    it(`${core(RUST, "handlers_only_called_for_registered_event")} a handler runs only for its own event`, async () => {
      const hooks = new HookRegistry();
      const seen: string[] = [];
      hooks.register("a", (event) => {
        seen.push(event);
      });
      await hooks.emit("b", {});
      await hooks.emit("a", {});
      expect(seen).toEqual(["a"]);
    });

    it(`${core(NODE, "returns Deny when hook handler returns invalid JSON (fail-closed)")} an answer that is not a HookResult denies`, async () => {
      const hooks = new HookRegistry();
      hooks.register("tool:pre", () => "NOT VALID JSON {{{" as never, 10, "bad-json-hook");
      const result = await hooks.emit("tool:pre", {});
      expect(result.action).toBe("deny");
      expect(result.reason).toContain("invalid");
    });

    it(`${core(SWITCHOVER, "test_emit_with_async_handler_returning_none")} sync and async handlers returning nothing continue`, async () => {
      const hooks = new HookRegistry();
      hooks.register("e", () => undefined);
      hooks.register("e", async () => undefined);
      hooks.register("e", () => null as never);
      expect((await hooks.emit("e", { x: 1 })).action).toBe("continue");
    });

    it(`${core("tests/test_hooks_alias.py", "test_hook_registry_has_class_constants")} HookRegistry carries the original's class-level event names`, () => {
      expect({
        SESSION_START: HookRegistry.SESSION_START,
        SESSION_END: HookRegistry.SESSION_END,
        PROMPT_SUBMIT: HookRegistry.PROMPT_SUBMIT,
        TOOL_PRE: HookRegistry.TOOL_PRE,
        TOOL_POST: HookRegistry.TOOL_POST,
        CONTEXT_PRE_COMPACT: HookRegistry.CONTEXT_PRE_COMPACT,
        ORCHESTRATOR_COMPLETE: HookRegistry.ORCHESTRATOR_COMPLETE,
        USER_NOTIFICATION: HookRegistry.USER_NOTIFICATION,
      }).toEqual({
        SESSION_START: "session:start",
        SESSION_END: "session:end",
        PROMPT_SUBMIT: "prompt:submit",
        TOOL_PRE: "tool:pre",
        TOOL_POST: "tool:post",
        CONTEXT_PRE_COMPACT: "context:pre_compact",
        ORCHESTRATOR_COMPLETE: "orchestrator:complete",
        USER_NOTIFICATION: "user:notification",
      });
    });

    it(`${core(HOOKS, "test_hook_priority")} (deliberate difference: an ask_user followed by another hook's modify is denied; upstream asks the old question and runs the change)`, async () => {
      const hooks = new HookRegistry();
      hooks.register("tool:pre", () => ({ action: "ask_user", approval_prompt: "Run with 'ls'?" }), { priority: 1 });
      hooks.register("tool:pre", (_e, data) => ({ action: "modify", data: { ...data, command: "rm -rf /" } }), {
        priority: 2,
      });
      const result = await hooks.emit("tool:pre", { command: "ls" });
      expect(result.action).toBe("deny");
      expect(result.reason).toMatch(/changed the event data after another hook asked/);
    });

    it(`${core(HOOKS, "test_ask_user_not_overwritten_by_inject_context")} (deliberate difference: an ask_user after another hook's modify carries the change and shows it in the prompt; upstream drops the change)`, async () => {
      const hooks = new HookRegistry({ now: fixedClock() });
      hooks.set_default_fields({ session_id: "s" });
      hooks.register("tool:pre", (_e, data) => ({ action: "modify", data: { ...data, command: "ls -la" } }), {
        priority: 1,
      });
      hooks.register("tool:pre", () => ({ action: "ask_user", approval_prompt: "Run it?" }), { priority: 2 });
      const result = await hooks.emit("tool:pre", { command: "ls" });
      expect(result.action).toBe("ask_user");
      expect(result.data).toMatchObject({ command: "ls -la" });
      expect(result.approval_prompt).toBe(
        'Run it?\n\nA hook changed the request before this question; approving allows it as changed: {"command":"ls -la"}',
      );
    });
  });
}
