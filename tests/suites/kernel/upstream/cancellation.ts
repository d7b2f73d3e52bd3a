/** Ported conformance: the cancellation token (cancellation.rs, the bindings' cancellation tests). */
import { describe, expect, it } from "vitest";
import { CancellationToken } from "../../../../src/cancellation.ts";
import { KernelError } from "../../../../src/errors.ts";
import { core } from "./source.ts";

const RUST = "crates/amplifier-core/src/cancellation.rs";
const NODE = "bindings/node/__tests__/cancellation.test.ts";

const stateOf = (token: CancellationToken) => [token.state, token.is_cancelled, token.is_graceful, token.is_immediate];

export function registerUpstreamCancellationTests(): void {
  describe("upstream conformance: cancellation token", () => {
    it(`${core(RUST, "initial_state_is_none")} a new token is not cancelled`, () => {
      expect(stateOf(new CancellationToken())).toEqual(["none", false, false, false]);
    });

    it(`${core(RUST, "graceful_transitions_from_none")} request_graceful moves none → graceful and says it changed`, () => {
      const token = new CancellationToken();
      expect(token.request_graceful()).toBe(true);
      expect(stateOf(token)).toEqual(["graceful", true, true, false]);
    });

    it(`${core(RUST, "graceful_is_noop_when_already_graceful")} a second graceful request changes nothing`, () => {
      const token = new CancellationToken();
      token.request_graceful();
      expect(token.request_graceful()).toBe(false);
    });

    it(`${core(RUST, "immediate_transitions_from_graceful")} graceful → immediate escalates`, () => {
      const token = new CancellationToken();
      token.request_graceful();
      expect(token.request_immediate()).toBe(true);
      expect(stateOf(token)).toEqual(["immediate", true, false, true]);
    });

    it(`${core(RUST, "immediate_transitions_from_none")} none → immediate directly, aborting the signal`, () => {
      const token = new CancellationToken();
      expect(token.request_immediate()).toBe(true);
      expect(token.signal.aborted).toBe(true);
    });

    it(`${core(RUST, "immediate_is_noop_when_already_immediate")} immediate never goes back to graceful`, () => {
      const token = new CancellationToken();
      token.request_immediate();
      expect([token.request_immediate(), token.request_graceful(), token.state]).toEqual([false, false, "immediate"]);
    });

    it(`${core(NODE, "full cycle: None -> Graceful -> Immediate -> reset -> None")} reset returns to none with a fresh signal`, () => {
      const token = new CancellationToken();
      token.request_graceful();
      token.request_immediate();
      token.reset();
      expect(stateOf(token)).toEqual(["none", false, false, false]);
      expect(token.signal.aborted).toBe(false);
    });

    it(`${core(RUST, "tool_tracking")} running tools are tracked by id with their names`, () => {
      const token = new CancellationToken();
      token.register_tool_start("call-1", "bash");
      token.register_tool_start("call-2", "grep");
      token.register_tool_complete("call-1");
      expect([[...token.running_tools], token.running_tool_names]).toEqual([["call-2"], ["grep"]]);
    });

    it(`${core(RUST, "complete_unknown_tool_is_noop")} completing an unknown call changes nothing`, () => {
      const token = new CancellationToken();
      token.register_tool_start("a", "t");
      token.register_tool_complete("ghost");
      expect(token.running_tool_names).toEqual(["t"]);
    });

    it(`${core(RUST, "reset_clears_running_tools")} reset forgets running tools`, () => {
      const token = new CancellationToken();
      token.register_tool_start("a", "t");
      token.reset();
      expect(token.running_tool_names).toEqual([]);
    });

    it(`${core(RUST, "child_propagation_graceful")} a graceful request reaches the children`, () => {
      const parent = new CancellationToken();
      const child = new CancellationToken();
      parent.register_child(child);
      parent.request_graceful();
      expect(child.state).toBe("graceful");
    });

    it(`${core(RUST, "child_propagation_immediate")} an immediate request reaches grandchildren`, () => {
      const parent = new CancellationToken();
      const child = new CancellationToken();
      const grandchild = new CancellationToken();
      parent.register_child(child);
      child.register_child(grandchild);
      parent.request_immediate();
      expect([child.state, grandchild.state, grandchild.signal.aborted]).toEqual(["immediate", "immediate", true]);
    });

    it(`${core(RUST, "child_inherits_current_state_on_register")} a child registered late gets the current state`, () => {
      const parent = new CancellationToken();
      parent.request_graceful();
      const child = new CancellationToken();
      parent.register_child(child);
      expect(child.state).toBe("graceful");
    });

    it(`${core(RUST, "unregister_child_stops_propagation")} an unregistered child is left alone`, () => {
      const parent = new CancellationToken();
      const child = new CancellationToken();
      parent.register_child(child);
      parent.unregister_child(child);
      parent.request_immediate();
      expect(child.state).toBe("none");
    });

    it(`${core(RUST, "cancellation_callbacks_fire")} trigger_callbacks runs every callback, sync or async, in order`, async () => {
      const token = new CancellationToken();
      const ran: string[] = [];
      token.on_cancel(() => {
        ran.push("sync");
      });
      token.on_cancel(async () => {
        ran.push("async");
      });
      await token.trigger_callbacks();
      expect(ran).toEqual(["sync", "async"]);
    });

    it(`${core(RUST, "callback_errors_do_not_prevent_others")} a failing callback is reported and the rest still run`, async () => {
      const errors: unknown[] = [];
      const token = new CancellationToken({ onCallbackError: (error) => errors.push(error) });
      const ran: string[] = [];
      token.on_cancel(() => {
        throw new Error("boom");
      });
      token.on_cancel(() => {
        throw new KernelError("cancelled", "inner cancel");
      });
      token.on_cancel(() => {
        ran.push("last");
      });
      await token.trigger_callbacks();
      expect([ran, errors.length]).toEqual([["last"], 2]);
    });

    it(`${core("bindings/python/tests/test_cancellation_token.py", "test_cancellation_token_on_cancel")} on_cancel returns a function that removes the callback`, async () => {
      const token = new CancellationToken();
      let calls = 0;
      const off = token.on_cancel(() => {
        calls++;
      });
      off();
      await token.trigger_callbacks();
      expect(calls).toBe(0);
    });
  });
}
