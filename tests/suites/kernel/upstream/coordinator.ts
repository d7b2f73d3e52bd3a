/**
 * Ported conformance: the coordinator (test_switchover_coordinator.py, coordinator.rs,
 * test_contribution_channels.py, test_rust_to_dict.py, the bridge tests, the Node binding's
 * coordinator tests).
 */
import { describe, expect, it } from "vitest";
import { ModuleCoordinator } from "../../../../src/coordinator.ts";
import { KernelError } from "../../../../src/errors.ts";
import { HookRegistry } from "../../../../src/hooks/registry.ts";
import { RecordingDisplay, ScriptedApproval } from "../../../../src/testing/index.ts";
import { core } from "./source.ts";

const SWITCHOVER = "bindings/python/tests/test_switchover_coordinator.py";
const RUST = "crates/amplifier-core/src/coordinator.rs";
const CHANNELS = "tests/test_contribution_channels.py";
const TO_DICT = "tests/test_rust_to_dict.py";

const fakeSession = {
  session_id: "test-session-123",
  parent_id: "parent-456",
  config: { session: { orchestrator: "loop-basic" } },
};
const echoTool = { name: "echo", description: "Echoes input", execute: async (input: unknown) => ({ output: input }) };

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return KernelError.is(error) ? error.code : "not a KernelError";
  }
  return "no error";
}

async function asyncCodeOf(action: () => Promise<unknown>): Promise<string> {
  try {
    await action();
  } catch (error) {
    return KernelError.is(error) ? error.code : "not a KernelError";
  }
  return "no error";
}

export function registerUpstreamCoordinatorTests(): void {
  describe("upstream conformance: coordinator", () => {
    it(`${core(SWITCHOVER, "test_coordinator_accepts_session")} built from a session object, it reads its id, parent and config`, () => {
      const coordinator = new ModuleCoordinator({ session: fakeSession });
      expect([coordinator.session_id, coordinator.parent_id, coordinator.session, coordinator.config]).toEqual([
        "test-session-123",
        "parent-456",
        fakeSession,
        fakeSession.config,
      ]);
    });

    it(`${core(SWITCHOVER, "test_mount_points_initial_values")} mount_points starts with empty single points and collections`, () => {
      const mountPoints = new ModuleCoordinator().mount_points;
      expect(Object.keys(mountPoints).sort()).toEqual(
        ["context", "hooks", "module-source-resolver", "orchestrator", "providers", "tools"].sort(),
      );
      expect([mountPoints.orchestrator, mountPoints.context, mountPoints["module-source-resolver"]]).toEqual([
        null,
        null,
        null,
      ]);
      expect([Object.keys(mountPoints.providers), Object.keys(mountPoints.tools)]).toEqual([[], []]);
    });

    it(`${core(SWITCHOVER, "test_mount_points_hooks_is_same_as_hooks_property")} mount_points.hooks is the registry itself`, () => {
      const coordinator = new ModuleCoordinator();
      expect(coordinator.mount_points.hooks).toBe(coordinator.hooks);
      expect(coordinator.hooks).toBeInstanceOf(HookRegistry);
    });

    it(`${core(SWITCHOVER, "test_mount_points_is_mutable_dict")} writing into mount_points mounts, as modules written for the original do`, () => {
      const coordinator = new ModuleCoordinator();
      coordinator.mount_points.tools.manual = echoTool;
      coordinator.mount_points.context = { add_message: async () => {} };
      expect(coordinator.get("tools", "manual")).toBe(echoTool);
      expect(Object.keys(coordinator.get("tools"))).toEqual(["manual"]);
      expect(coordinator.get("context")).toBe(coordinator.mount_points.context);
      expect(() => {
        (coordinator.mount_points as { tools: unknown }).tools = {};
      }).toThrow(TypeError);
    });

    it(`${core(SWITCHOVER, "test_mount_tool")} mount() adds a tool to mount_points.tools by name`, async () => {
      const coordinator = new ModuleCoordinator();
      await coordinator.mount("tools", echoTool, { name: "echo" });
      expect(coordinator.mount_points.tools.echo).toBe(echoTool);
    });

    it(`${core(SWITCHOVER, "test_mount_orchestrator")} a single point holds what was mounted last`, async () => {
      const coordinator = new ModuleCoordinator();
      const first = { execute: async () => "1" };
      const second = { execute: async () => "2" };
      await coordinator.mount("orchestrator", first);
      await coordinator.mount("orchestrator", second);
      expect(coordinator.mount_points.orchestrator).toBe(second);
    });

    it(`${core(SWITCHOVER, "test_mount_tool_gets_name_from_module")} without a name the module's own name is used`, async () => {
      const coordinator = new ModuleCoordinator();
      await coordinator.mount("tools", echoTool);
      expect(Object.keys(coordinator.get("tools"))).toEqual(["echo"]);
    });

    it(`${core(SWITCHOVER, "test_mount_unknown_raises")} an unknown mount point is an error`, async () => {
      expect(await asyncCodeOf(() => new ModuleCoordinator().mount("gadgets", {}))).toBe("unknown_mount_point");
    });

    it(`${core(SWITCHOVER, "test_mount_hooks_raises")} hooks cannot be mounted`, async () => {
      expect(await asyncCodeOf(() => new ModuleCoordinator().mount("hooks", {}))).toBe("invalid_argument");
    });

    it(`${core(SWITCHOVER, "test_get_multi_slot_by_name")} get() gives the collection or one named module, undefined when missing`, async () => {
      const coordinator = new ModuleCoordinator();
      await coordinator.mount("providers", { name: "test-provider" } as never);
      expect(Object.keys(coordinator.get("providers"))).toEqual(["test-provider"]);
      expect(coordinator.get("providers", "test-provider")).toMatchObject({ name: "test-provider" });
      expect(coordinator.get("providers", "nope")).toBeUndefined();
      expect(coordinator.get("orchestrator")).toBeUndefined();
    });

    it(`${core(SWITCHOVER, "test_get_unknown_raises")} get() of an unknown point is an error`, () => {
      expect(codeOf(() => new ModuleCoordinator().get("gadgets"))).toBe("unknown_mount_point");
    });

    it(`${core(SWITCHOVER, "test_unmount_multi_without_name_raises")} unmount needs a name for a collection; a single point empties`, async () => {
      const coordinator = new ModuleCoordinator();
      await coordinator.mount("context", { add_message: async () => {} } as never);
      await coordinator.unmount("context");
      expect(coordinator.mount_points.context).toBeNull();
      expect(await asyncCodeOf(() => coordinator.unmount("tools"))).toBe("name_required");
      expect(await asyncCodeOf(() => coordinator.unmount("gadgets", "x"))).toBe("unknown_mount_point");
    });

    it(`${core(RUST, "unmount_nonexistent_returns_false")} unmounting a name that is not there is ignored`, async () => {
      const coordinator = new ModuleCoordinator();
      await coordinator.unmount("tools", "ghost");
      expect(coordinator.get("tools")).toEqual({});
    });

    it(`${core(SWITCHOVER, "test_register_capability_overwrites")} capabilities overwrite; a missing one is undefined`, () => {
      const coordinator = new ModuleCoordinator();
      coordinator.register_capability("session.working_dir", "/a");
      coordinator.register_capability("session.working_dir", "/b");
      expect([coordinator.get_capability("session.working_dir"), coordinator.get_capability("nope")]).toEqual([
        "/b",
        undefined,
      ]);
    });

    it(`${core(SWITCHOVER, "test_cleanup_runs_in_reverse")} cleanups run in reverse order; non-functions are ignored`, async () => {
      const coordinator = new ModuleCoordinator();
      const order: number[] = [];
      coordinator.register_cleanup(() => {
        order.push(1);
      });
      coordinator.register_cleanup(null);
      coordinator.register_cleanup("not callable" as never);
      coordinator.register_cleanup(async () => {
        order.push(2);
      });
      await coordinator.cleanup();
      expect(order).toEqual([2, 1]);
    });

    it(`${core(SWITCHOVER, "test_cleanup_handles_errors")} a failing cleanup does not stop the others`, async () => {
      const coordinator = new ModuleCoordinator();
      const ran: string[] = [];
      coordinator.register_cleanup(() => {
        ran.push("first");
      });
      coordinator.register_cleanup(() => {
        throw new Error("cleanup failed");
      });
      const errors = await coordinator.cleanup();
      expect([ran, errors.length]).toEqual([["first"], 1]);
    });

    it(`${core(CHANNELS, "test_collect_contributions")} contributions come back in registration order`, async () => {
      const coordinator = new ModuleCoordinator();
      coordinator.register_contributor("observability.events", "mod-a", () => ["a:event"]);
      coordinator.register_contributor("observability.events", "mod-b", async () => ["b:event"]);
      expect(await coordinator.collect_contributions("observability.events")).toEqual([["a:event"], ["b:event"]]);
    });

    it(`${core(CHANNELS, "test_contributor_failure_non_interference")} a failing contributor is skipped`, async () => {
      const coordinator = new ModuleCoordinator();
      coordinator.register_contributor("c", "bad", () => {
        throw new Error("boom");
      });
      coordinator.register_contributor("c", "good", () => "ok");
      expect(await coordinator.collect_contributions("c")).toEqual(["ok"]);
    });

    it(`${core(CHANNELS, "test_none_filtering")} empty contributions are dropped; an unknown channel is empty`, async () => {
      const coordinator = new ModuleCoordinator();
      coordinator.register_contributor("c", "nothing", () => undefined);
      coordinator.register_contributor("c", "null", () => null);
      coordinator.register_contributor("c", "zero", () => 0);
      expect(await coordinator.collect_contributions("c")).toEqual([0]);
      expect(await coordinator.collect_contributions("unknown")).toEqual([]);
    });

    it(`${core(CHANNELS, "test_contribution_data_formats")} any value may be contributed, and duplicate names are fine`, async () => {
      const coordinator = new ModuleCoordinator();
      coordinator.register_contributor("test", "same", () => ["a", "b"]);
      coordinator.register_contributor("test", "same", () => ({ key: "value" }));
      coordinator.register_contributor("test", "other", () => "single-string");
      expect(await coordinator.collect_contributions("test")).toEqual([["a", "b"], { key: "value" }, "single-string"]);
    });

    it(`${core(CHANNELS, "test_multiple_channels_independent")} channels do not mix`, async () => {
      const coordinator = new ModuleCoordinator();
      coordinator.register_contributor("one", "m", () => 1);
      coordinator.register_contributor("two", "m", () => 2);
      expect([await coordinator.collect_contributions("one"), await coordinator.collect_contributions("two")]).toEqual([
        [1],
        [2],
      ]);
    });

    it(`${core(SWITCHOVER, "test_channels_attribute")} channels lists each channel's contributors`, () => {
      const coordinator = new ModuleCoordinator();
      const callback = () => ["x:y"];
      coordinator.register_contributor("observability.events", "tool-x", callback);
      expect(coordinator.channels["observability.events"]).toEqual([{ name: "tool-x", callback }]);
      expect(Object.keys(coordinator.channels)).toEqual(["observability.events"]);
    });

    it(`${core("tests/test_cancellation_resilience.py", "test_collect_contributions_breaks_on_cancelled_error")} a cancellation stops collecting with what was gathered`, async () => {
      const coordinator = new ModuleCoordinator();
      coordinator.register_contributor("c", "a", () => "first");
      coordinator.register_contributor("c", "stop", () => {
        throw new KernelError("cancelled", "stop");
      });
      coordinator.register_contributor("c", "never", () => "never");
      expect(await coordinator.collect_contributions("c")).toEqual(["first"]);
    });

    it(`${core(SWITCHOVER, "test_request_cancel_graceful")} request_cancel() asks for a graceful stop`, async () => {
      const coordinator = new ModuleCoordinator();
      await coordinator.request_cancel();
      expect(coordinator.cancellation.state).toBe("graceful");
    });

    it(`${core(SWITCHOVER, "test_request_cancel_immediate")} request_cancel({ immediate: true }) stops at once`, async () => {
      const coordinator = new ModuleCoordinator();
      await coordinator.request_cancel({ immediate: true });
      expect([coordinator.cancellation.state, coordinator.cancellation.signal.aborted]).toEqual(["immediate", true]);
    });

    it(`${core(SWITCHOVER, "test_request_cancel_graceful")} request_cancel({ immediate: false }) is graceful, as the keyword says`, async () => {
      const coordinator = new ModuleCoordinator();
      await coordinator.request_cancel({ immediate: false });
      expect(coordinator.cancellation.state).toBe("graceful");
      const other = new ModuleCoordinator();
      await other.request_cancel({});
      expect(other.cancellation.state).toBe("graceful");
      expect(await asyncCodeOf(() => other.request_cancel({ immediate: "yes" } as never))).toBe("invalid_argument");
    });

    it(`${core(SWITCHOVER, "test_reset_turn_resets_injection_count")} reset_turn zeroes the injected tokens and leaves cancellation alone`, async () => {
      const coordinator = new ModuleCoordinator();
      await coordinator.process_hook_result(
        { action: "inject_context", context_injection: "x".repeat(40), ephemeral: true },
        "e",
      );
      await coordinator.request_cancel();
      expect(coordinator.injected_tokens_this_turn).toBe(10);
      coordinator.reset_turn();
      expect([coordinator.injected_tokens_this_turn, coordinator.cancellation.state]).toEqual([0, "graceful"]);
    });

    it(`${core(SWITCHOVER, "test_injection_budget_from_config")} the injection limits come from config.session and default to none`, () => {
      const none = new ModuleCoordinator();
      expect([none.injection_budget_per_turn, none.injection_size_limit]).toEqual([undefined, undefined]);
      const set = new ModuleCoordinator({
        config: { session: { injection_budget_per_turn: 500, injection_size_limit: 2048 } },
      });
      expect([set.injection_budget_per_turn, set.injection_size_limit]).toEqual([500, 2048]);
    });

    it(`${core(SWITCHOVER, "test_approval_system_settable")} approval and display systems come from the constructor and can be replaced`, () => {
      const approval = new ScriptedApproval("Allow");
      const display = new RecordingDisplay();
      const coordinator = new ModuleCoordinator({ approvalSystem: approval, displaySystem: display });
      expect([coordinator.approval_system, coordinator.display_system]).toEqual([approval, display]);
      const other = new ScriptedApproval("Deny");
      coordinator.approval_system = other;
      expect(coordinator.approval_system).toBe(other);
      expect(new ModuleCoordinator().approval_system).toBeUndefined();
    });

    it(`${core("tests/test_approval_provider_bridge.py", "test_clearing_approval_system_with_none")} to_dict reports an approval system set back to null as none`, () => {
      const coordinator = new ModuleCoordinator({ approvalSystem: new ScriptedApproval("Allow") });
      expect(coordinator.to_dict().has_approval_provider).toBe(true);
      coordinator.approval_system = null;
      expect(coordinator.to_dict().has_approval_provider).toBe(false);
    });

    it(`${core("tests/test_display_service_bridge.py", "test_display_system_sets_has_display_service")} to_dict follows the display system, null included`, () => {
      const coordinator = new ModuleCoordinator();
      expect(coordinator.to_dict().has_display_service).toBe(false);
      coordinator.display_system = new RecordingDisplay();
      expect(coordinator.to_dict().has_display_service).toBe(true);
      coordinator.display_system = null;
      expect(coordinator.to_dict().has_display_service).toBe(false);
    });

    it(`${core(TO_DICT, "test_coordinator_to_dict_includes_tools")} to_dict lists tools, providers and capabilities`, async () => {
      const coordinator = new ModuleCoordinator();
      await coordinator.mount("tools", echoTool);
      await coordinator.mount("providers", { name: "mock" } as never);
      coordinator.register_capability("session.spawn", () => undefined);
      expect(coordinator.to_dict()).toEqual({
        tools: ["echo"],
        providers: ["mock"],
        has_orchestrator: false,
        has_context: false,
        capabilities: ["session.spawn"],
        has_approval_provider: false,
        has_display_service: false,
      });
    });

    it(`${core(RUST, "to_dict_reflects_mounted_state")} to_dict sees a mounted orchestrator and context`, async () => {
      const coordinator = new ModuleCoordinator();
      await coordinator.mount("orchestrator", { execute: async () => "" });
      coordinator.mount_points.context = { add_message: async () => {} };
      expect(coordinator.to_dict()).toMatchObject({ has_orchestrator: true, has_context: true });
    });

    it(`${core("bindings/node/__tests__/coordinator.test.ts", "hooks getter shares state — handlers registered on one call are visible on next")} coordinator.hooks is one registry`, () => {
      const coordinator = new ModuleCoordinator();
      coordinator.hooks.register("tool:pre", () => undefined, { name: "h" });
      expect(coordinator.get("hooks").list_handlers()).toEqual({ "tool:pre": ["h"] });
    });

    it(`${core(SWITCHOVER, "test_loader_settable")} the loader back-reference starts empty and is settable`, () => {
      const coordinator = new ModuleCoordinator();
      expect(coordinator.loader).toBeUndefined();
      coordinator.loader = { name: "loader" };
      expect(coordinator.loader).toEqual({ name: "loader" });
    });
  });
}
