/** validateModule's type-specific checks and validateMountPlan. */
import { describe, expect, it } from "vitest";
import type { ModuleDefinition, MountFunction } from "../../../src/contracts.ts";
import { inMemoryContextModule, MockProvider, scriptedOrchestratorModule } from "../../../src/testing/index.ts";
import { describeFailures, validateModule, validateMountPlan } from "../../../src/validation/index.ts";

const failed = async (
  module: MountFunction | ModuleDefinition | Record<string, unknown> | null,
  options: Parameters<typeof validateModule>[1] = {},
) => describeFailures(await validateModule(module, options));

export function registerValidationSuite(): void {
  describe("validateModule", () => {
    it("reports a missing or unusable mount", async () => {
      expect(await failed(null)).toEqual([
        "module_importable: expected a mount function or a module definition, got null",
      ]);
      expect(await failed({ id: "x", type: "tool" })).toEqual(["mount_exists: No mount() function found in module"]);
      expect(
        await failed((async (_a: unknown, _b: unknown, _c: unknown) => undefined) as unknown as MountFunction, {
          type: "tool",
        }),
      ).toEqual([
        "mount_signature: mount() declares 3 required parameters; the kernel passes (coordinator, config)",
        "protocol_compliance: No tool was mounted and mount() did not return a Tool instance",
      ]);
      expect(await failed(async () => undefined)).toEqual([
        "module_type: pass { type } to validate a bare mount function",
      ]);
    });

    it("reports a mount() that throws, with the error", async () => {
      expect(
        await failed(
          async () => {
            throw new Error("needs api_key");
          },
          { type: "provider" },
        ),
      ).toEqual(["protocol_compliance: mount() threw: needs api_key"]);
    });

    it("checks tools: name is an error, description and input_schema are warnings", async () => {
      const result = await validateModule(
        async (coordinator: { mount: (point: string, module: unknown, options: unknown) => Promise<void> }) =>
          coordinator.mount("tools", { name: "", input_schema: [], execute: "no" }, { name: "broken" }),
        { type: "tool" },
      );
      const byName = Object.fromEntries(result.checks.map((check) => [check.name, check]));
      expect(byName.tool_name).toMatchObject({ passed: false, severity: "error" });
      expect(byName.tool_description).toMatchObject({ passed: false, severity: "warning" });
      expect(byName.tool_input_schema).toMatchObject({ passed: false, severity: "warning" });
      expect(byName.tool_execute).toMatchObject({ passed: false, severity: "error" });
      expect(result.passed).toBe(false);
    });

    it("checks providers, calling get_info and validating what it returns", async () => {
      const good = await validateModule(async (coordinator) => coordinator.mount("providers", new MockProvider()), {
        type: "provider",
      });
      expect(good.passed).toBe(true);
      const bad = await failed(
        async (coordinator) =>
          coordinator.mount("providers", {
            name: "p",
            get_info: () => ({ display_name: 3 }),
            complete: async () => ({}),
          } as never),
        { type: "provider" },
      );
      expect(bad).toEqual([
        "protocol_compliance: Provider 'p' does not implement Provider interface (missing name, get_info, list_models, complete, or parse_tool_calls)",
        expect.stringMatching(
          /^provider_get_info: Provider\.get_info\(\) should return ProviderInfo: id: .*display_name/,
        ),
        "provider_list_models: Provider missing list_models() method",
        "provider_parse_tool_calls: Provider missing parse_tool_calls() method",
      ]);
    });

    it("checks orchestrators and contexts", async () => {
      expect((await validateModule(scriptedOrchestratorModule)).passed).toBe(true);
      expect((await validateModule(inMemoryContextModule)).passed).toBe(true);
      expect(
        await failed(async (coordinator) => coordinator.mount("orchestrator", { execute: 1 } as never), {
          type: "orchestrator",
        }),
      ).toEqual([
        "protocol_compliance: Mounted orchestrator does not implement Orchestrator interface (missing execute)",
        "orchestrator_execute: Orchestrator.execute is not callable",
      ]);
      expect(
        await failed(
          async (coordinator) =>
            coordinator.mount("context", { add_message: async () => {}, get_messages: async () => [] } as never),
          {
            type: "context",
          },
        ),
      ).toEqual([
        "protocol_compliance: Mounted context does not implement ContextManager interface (missing add_message, get_messages_for_request, get_messages, set_messages, or clear)",
        "context_get_messages_for_request: ContextManager missing get_messages_for_request() method",
        "context_set_messages: ContextManager missing set_messages() method",
        "context_clear: ContextManager missing clear() method",
      ]);
    });

    it("checks hooks: handlers are called and must answer valid HookResults", async () => {
      const good: ModuleDefinition = {
        id: "hooks-good",
        type: "hook",
        mount: async (coordinator) => {
          coordinator.hooks.register("tool:pre", () => ({ action: "continue" }));
        },
      };
      expect((await validateModule(good)).passed).toBe(true);
      const bad: ModuleDefinition = {
        id: "hooks-bad",
        type: "hook",
        mount: async (coordinator) => {
          coordinator.hooks.register("tool:pre", () => ({ action: "allow" }) as never);
        },
      };
      expect(await failed(bad)).toEqual(["hook_call: handlers for tool:pre returned invalid HookResults"]);
    });

    it("runs the module's cleanup after validating", async () => {
      let cleaned = false;
      await validateModule(
        async (coordinator) => {
          await coordinator.mount("providers", new MockProvider());
          return () => {
            cleaned = true;
          };
        },
        { type: "provider" },
      );
      expect(cleaned).toBe(true);
    });
  });

  describe("validateMountPlan", () => {
    const builtins = [inMemoryContextModule, scriptedOrchestratorModule];

    it("passes a valid plan and returns it parsed", () => {
      const result = validateMountPlan(
        { session: { orchestrator: "loop-scripted", context: "context-memory" } },
        { modules: builtins },
      );
      expect(result.passed).toBe(true);
      expect(result.plan?.tools).toEqual([]);
    });

    it("reports schema problems by path, unknown sections as warnings and unresolvable modules", () => {
      const result = validateMountPlan(
        {
          session: { orchestrator: "loop-scripted", context: "context-memory" },
          tools: [{ module: "tool-nowhere" }, { module: "tool-remote", source: "https://x.example/t.js" }],
          profiles: {},
        },
        { modules: builtins, sandbox: false },
      );
      expect(result.passed).toBe(false);
      expect(result.checks.filter((check) => !check.passed).map((check) => [check.severity, check.message])).toEqual([
        ["warning", 'unknown section "profiles" (ignored by the kernel)'],
        ["error", 'tools[0].module: "tool-nowhere" is not a built-in module and has no source'],
        ["error", 'tools[1].module: "tool-remote" has a source but no sandbox is available'],
      ]);
      const schema = validateMountPlan({ session: { orchestrator: "a" }, hooks: [{ module: "h", config: 1 }] });
      expect(describeFailures(schema)).toEqual([
        "plan_schema: session.context: required (a module id or { module, source?, config?, sandbox? })",
        "plan_schema: hooks[0].config: expected an object (a map of settings)",
      ]);
    });

    it("warns about a module granted both the transcript and the network", () => {
      const result = validateMountPlan({
        session: { orchestrator: "loop-basic", context: "context-simple" },
        tools: [
          { module: "reader", source: "./reader.js", sandbox: { permissions: { transcript: true } } },
          {
            module: "leaker",
            source: "./leaker.js",
            sandbox: { permissions: { transcript: true, fetch: ["api.example.com"] } },
          },
        ],
      });
      expect(result.passed).toBe(true);
      const warnings = result.checks.filter((check) => check.name === "plan_permissions");
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ passed: false, severity: "warning" });
      expect(warnings[0]?.message).toContain("tools[1].sandbox.permissions: transcript with fetch (api.example.com)");
    });
  });
}
