/** Ported conformance: module and mount-plan validation (test_validation.py, test_check_on_session_ready.py). */
import { describe, expect, it } from "vitest";
import type { ModuleDefinition, MountFunction } from "../../../../src/contracts.ts";
import type { ModuleType } from "../../../../src/models/index.ts";
import { MockProvider, MockTool } from "../../../../src/testing/index.ts";
import { fail, pass, report, validateModule, validateMountPlan } from "../../../../src/validation/index.ts";
import { core } from "./source.ts";

const VALIDATION = "tests/test_validation.py";
const READY = "tests/test_check_on_session_ready.py";

const TYPES: readonly ModuleType[] = ["provider", "tool", "hook", "orchestrator", "context"];

const checkOf = async (module: unknown, type: ModuleType, name = "protocol_compliance") =>
  (await validateModule(module, { type })).checks.filter((check) => check.name === name);

export function registerUpstreamValidationTests(): void {
  describe("upstream conformance: validation", () => {
    it(`${core(VALIDATION, "TestValidationCheck::test_severity_levels")} a check has a name, passed, message and an error, warning or info severity`, () => {
      expect(pass("x", "fine")).toEqual({ name: "x", passed: true, message: "fine", severity: "info" });
      expect(fail("y", "bad", "warning")).toEqual({ name: "y", passed: false, message: "bad", severity: "warning" });
    });

    it(`${core(VALIDATION, "TestValidationResult::test_empty_result_passes")} no checks pass`, () => {
      expect(report([])).toEqual({
        passed: true,
        checks: [],
        errors: [],
        warnings: [],
        summary: "PASSED: 0/0 checks passed (0 errors, 0 warnings)",
      });
    });

    it(`${core(VALIDATION, "TestValidationResult::test_result_with_error_fails")} one failed error check fails the result and is listed in errors`, () => {
      const result = report([pass("a", "ok"), fail("b", "broken")]);
      expect([result.passed, result.errors.map((check) => check.name)]).toEqual([false, ["b"]]);
    });

    it(`${core(VALIDATION, "TestValidationResult::test_result_with_warning_still_passes")} a failed warning still passes and is listed in warnings`, () => {
      const result = report([pass("a", "ok"), fail("w", "meh", "warning")]);
      expect([result.passed, result.warnings.map((check) => check.name), result.errors]).toEqual([true, ["w"], []]);
    });

    it(`${core(VALIDATION, "TestValidationResult::test_summary_format")} the summary says PASSED or FAILED with the counts`, () => {
      expect(report([pass("a", "ok"), fail("b", "broken"), fail("c", "meh", "warning")]).summary).toBe(
        "FAILED: 1/3 checks passed (1 errors, 1 warnings)",
      );
    });

    for (const type of TYPES) {
      it(`${core(VALIDATION, `Test${type[0]!.toUpperCase()}${type.slice(1)}Validator::test_validates_module_without_mount`)} a ${type} module without mount() fails mount_exists`, async () => {
        const result = await validateModule({ id: `${type}-x`, type } as unknown as ModuleDefinition);
        expect([result.passed, result.errors.map((check) => `${check.name}: ${check.message}`)]).toEqual([
          false,
          ["mount_exists: No mount() function found in module"],
        ]);
      });
    }

    it(`${core(VALIDATION, "TestValidatorMountSignature::test_valid_mount_signature_passes")} an async mount(coordinator, config) passes with the original's words`, async () => {
      const [check] = await checkOf(
        async (_coordinator: unknown, _config: unknown) => undefined,
        "tool",
        "mount_signature",
      );
      expect(check).toEqual({
        name: "mount_signature",
        passed: true,
        severity: "info",
        message: "mount() is async with correct signature",
      });
    });

    it(`${core(VALIDATION, "TestValidatorMountSignature::test_sync_mount_fails")} (deliberate difference: JavaScript cannot always tell an async function, so a mount that returns a promise passes)`, async () => {
      const mount = ((coordinator: { mount: (...args: unknown[]) => Promise<void> }) =>
        coordinator.mount("tools", new MockTool())) as unknown as MountFunction;
      const result = await validateModule(mount, { type: "tool" });
      expect(result.passed).toBe(true);
      expect(result.checks.find((check) => check.name === "mount_signature")?.message).toMatch(/not declared async/);
    });

    it(`${core(VALIDATION, "TestValidatorMountSignature::test_mount_missing_params_fails")} (deliberate difference: fewer parameters are fine in JavaScript; more than the two the kernel passes fail)`, async () => {
      const three = (async (_a: unknown, _b: unknown, _c: unknown) => undefined) as unknown as MountFunction;
      const [check] = await checkOf(three, "tool", "mount_signature");
      expect(check?.passed).toBe(false);
    });

    it(`${core("python/amplifier_core/validation/tool.py", "protocol_compliance")} each mounted tool is reported by name with the original's words`, async () => {
      const checks = await checkOf(async (coordinator: { mount: (...args: unknown[]) => Promise<void> }) => {
        await coordinator.mount("tools", new MockTool({ name: "alpha" }));
        await coordinator.mount("tools", new MockTool({ name: "beta" }));
      }, "tool");
      expect(checks.map((check) => [check.passed, check.severity, check.message])).toEqual([
        [true, "info", "Tool 'alpha' implements Tool interface"],
        [true, "info", "Tool 'beta' implements Tool interface"],
      ]);
    });

    it(`${core("python/amplifier_core/validation/provider.py", "protocol_compliance")} providers, orchestrators and contexts pass with the original's words`, async () => {
      const provider = await checkOf(
        async (coordinator: { mount: (...args: unknown[]) => Promise<void> }) =>
          coordinator.mount("providers", new MockProvider({ name: "mock" })),
        "provider",
      );
      const orchestrator = await checkOf(
        async (coordinator: { mount: (...args: unknown[]) => Promise<void> }) =>
          coordinator.mount("orchestrator", { execute: async () => "" }),
        "orchestrator",
      );
      const context = await checkOf(
        async (coordinator: { mount: (...args: unknown[]) => Promise<void> }) =>
          coordinator.mount("context", {
            add_message: async () => {},
            get_messages_for_request: async () => [],
            get_messages: async () => [],
            set_messages: async () => {},
            clear: async () => {},
          }),
        "context",
      );
      expect([provider[0]?.message, orchestrator[0]?.message, context[0]?.message]).toEqual([
        "Provider 'mock' implements Provider interface",
        "Orchestrator implements Orchestrator interface",
        "Context implements ContextManager interface",
      ]);
    });

    it(`${core("python/amplifier_core/validation/tool.py", "protocol_compliance")} a mount that only returns a cleanup passes, as a warning`, async () => {
      const cleanupOnly = async () => () => {};
      const checks = await Promise.all(TYPES.map(async (type) => (await checkOf(cleanupOnly, type))[0]));
      expect(checks.map((check) => [check?.passed, check?.severity])).toEqual(TYPES.map(() => [true, "warning"]));
      expect(checks.map((check) => check?.message)).toEqual([
        "mount() returned a cleanup callable (no provider mounted yet - may be conditional)",
        "mount() returned a cleanup callable (no tool mounted yet - may be conditional)",
        "mount() returned a cleanup callable (hooks may be registered internally)",
        "mount() returned a cleanup callable (no orchestrator mounted yet - may be conditional)",
        "mount() returned a cleanup callable (no context mounted yet - may be conditional)",
      ]);
      expect((await validateModule(cleanupOnly, { type: "tool" })).passed).toBe(true);
    });

    it(`${core("python/amplifier_core/validation/context.py", "protocol_compliance")} nothing mounted fails with the original's context and hook messages`, async () => {
      const nothing = async () => undefined;
      expect((await checkOf(nothing, "context"))[0]?.message).toBe(
        "No context was mounted and mount() did not return a ContextManager instance",
      );
      expect((await checkOf(nothing, "hook"))[0]?.message).toBe(
        "No hook was mounted and mount() did not return a HookHandler instance",
      );
    });

    it(`${core("python/amplifier_core/validation/hook.py", "protocol_compliance")} (deliberate difference: a hook module that registers nothing fails; upstream passes it because coordinator.hooks always exists)`, async () => {
      const result = await validateModule(async () => undefined, { type: "hook" });
      expect(result.passed).toBe(false);
      const registers = await validateModule(
        async (coordinator: { hooks: { register: (...args: unknown[]) => unknown } }) => {
          coordinator.hooks.register("tool:pre", () => undefined);
        },
        { type: "hook" },
      );
      expect(registers.checks.find((check) => check.name === "protocol_compliance")?.message).toBe(
        "Hooks registered via coordinator.hooks.register()",
      );
    });

    it(`${core("python/amplifier_core/validation/tool.py", "_check_tool_methods")} a tool's checks use the original's words`, async () => {
      const result = await validateModule(
        async (coordinator: { mount: (...args: unknown[]) => Promise<void> }) =>
          coordinator.mount("tools", new MockTool({ name: "echo" })),
        { type: "tool" },
      );
      const messages = Object.fromEntries(result.checks.map((check) => [check.name, check.message]));
      expect(messages).toMatchObject({
        tool_name: "Tool has name: 'echo'",
        tool_description: "Tool has description",
        tool_input_schema: "Tool.input_schema returns dict with 2 properties",
        tool_execute: "Tool.execute() has correct async signature",
      });
    });

    it(`${core(VALIDATION, "TestValidatorWithConfig::test_tool_validation_with_config")} the config reaches mount()`, async () => {
      let seen: unknown;
      await validateModule(
        async (coordinator: { mount: (...args: unknown[]) => Promise<void> }, config: unknown) => {
          seen = config;
          await coordinator.mount("tools", new MockTool());
        },
        { type: "tool", config: { api_key: "k" } },
      );
      expect(seen).toEqual({ api_key: "k" });
    });

    it(`${core(READY, "test_returns_none_when_on_session_ready_absent")} no on_session_ready, no check; a good one adds none either`, async () => {
      const base = { id: "tool-x", type: "tool" as const, mount: async () => () => {} };
      const absent = await validateModule(base);
      const good = await validateModule({ ...base, on_session_ready: async (_coordinator: unknown) => {} });
      for (const result of [absent, good]) {
        expect(result.checks.some((check) => check.name === "on_session_ready_async")).toBe(false);
      }
    });

    it(`${core(READY, "test_b5_returns_error_when_no_coordinator_arg")} (deliberate difference: an on_session_ready with no parameter only warns, since a parameter with a default has no length in JavaScript)`, async () => {
      const result = await validateModule({
        id: "tool-x",
        type: "tool",
        mount: async () => () => {},
        on_session_ready: async () => {},
      });
      const check = result.checks.find((candidate) => candidate.name === "on_session_ready_async");
      expect([check?.passed, check?.severity]).toEqual([false, "warning"]);
      const names = result.checks.map((candidate) => candidate.name);
      expect(names.indexOf("on_session_ready_async")).toBe(names.indexOf("mount_signature") + 1);
    });

    it(`${core(VALIDATION, "TestMountPlanValidator::test_valid_minimal_mount_plan")} a plan with an orchestrator and a context passes`, () => {
      expect(validateMountPlan({ session: { orchestrator: "loop-basic", context: "context-simple" } }).passed).toBe(
        true,
      );
    });

    it(`${core(VALIDATION, "TestMountPlanValidator::test_missing_orchestrator_fails")} missing orchestrator or context fails, naming the path`, () => {
      const result = validateMountPlan({ session: { context: "context-simple" } });
      expect(result.passed).toBe(false);
      expect(result.errors.map((check) => check.message).join(" ")).toMatch(/session\.orchestrator/);
    });

    it(`${core(VALIDATION, "TestMountPlanValidator::test_config_not_dict_fails")} a module config that is not a map fails`, () => {
      const result = validateMountPlan({
        session: { orchestrator: "loop-basic", context: "context-simple" },
        tools: [{ module: "tool-x", config: "nope" }],
      });
      expect(result.errors.map((check) => check.message)).toEqual([
        "tools[0].config: expected an object (a map of settings)",
      ]);
    });

    it(`${core(VALIDATION, "TestMountPlanValidator::test_empty_module_path_fails")} an empty module id fails`, () => {
      const result = validateMountPlan({
        session: { orchestrator: "loop-basic", context: "context-simple" },
        providers: [{ module: "" }],
      });
      expect(result.errors.map((check) => check.message)).toEqual(["providers[0].module: must not be empty"]);
    });

    it(`${core(VALIDATION, "TestMountPlanValidator::test_unknown_sections_warning")} an unknown section is a warning; agents is not checked as a module list`, () => {
      const result = validateMountPlan({
        session: { orchestrator: "loop-basic", context: "context-simple" },
        profiles: {},
        agents: { helper: { description: "anything goes here" } },
      });
      expect([result.passed, result.warnings.map((check) => check.message)]).toEqual([
        true,
        ['unknown section "profiles" (ignored by the kernel)'],
      ]);
    });
  });
}
