/** tool-task: delegation to child sessions, tool exclusion by name, depth and spawn limits. */
import { describe, expect, it } from "vitest";
import type { ModuleDefinition } from "../../../src/contracts.ts";
import { ModuleCoordinator } from "../../../src/coordinator.ts";
import type { ToolResult } from "../../../src/models/index.ts";
import { contextSimple } from "../../../src/modules/context-simple/index.ts";
import { createLoopBasic } from "../../../src/modules/loop-basic/index.ts";
import { MockProvider, mockProviderConfigSchema } from "../../../src/modules/provider-mock/index.ts";
import { toolCalculator } from "../../../src/modules/tool-calculator/index.ts";
import { toolFilesystem } from "../../../src/modules/tool-filesystem/index.ts";
import {
  createToolTask,
  type SpawnFunction,
  type SpawnOptions,
  spawnChildSession,
  type TaskTool,
} from "../../../src/modules/tool-task/index.ts";
import { createSession } from "../../../src/session.ts";
import { EventRecorder } from "../../../src/testing/index.ts";

/** A provider-mock whose instances (one per session) are kept for inspection. */
function recordingProviders() {
  const instances: MockProvider[] = [];
  const module: ModuleDefinition = {
    id: "provider-mock",
    type: "provider",
    async mount(coordinator, config) {
      const provider = new MockProvider(mockProviderConfigSchema.parse(config), coordinator.hooks);
      instances.push(provider);
      await coordinator.mount("providers", provider, { name: "mock" });
    },
  };
  return { instances, module };
}

function delegationPlan(
  script: unknown[],
  taskConfig: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) {
  return {
    session: { orchestrator: "loop-basic", context: "context-simple" },
    providers: [{ module: "provider-mock", config: { script } }],
    tools: [{ module: "tool-task", config: taskConfig }, { module: "tool-calculator" }, { module: "tool-filesystem" }],
    ...extra,
  };
}

function registry(provider: ModuleDefinition) {
  let counter = 0;
  const modules: Record<string, ModuleDefinition> = {
    "loop-basic": createLoopBasic(),
    "context-simple": contextSimple,
    "provider-mock": provider,
    "tool-task": createToolTask({ newId: () => `sub${++counter}` }),
    "tool-calculator": toolCalculator,
    "tool-filesystem": toolFilesystem,
  };
  return modules;
}

function countingSpawner() {
  const spawned: SpawnOptions[] = [];
  const spawn: SpawnFunction = (options) => {
    spawned.push(options);
    return spawnChildSession(options);
  };
  return { spawned, spawn };
}

const delegate = (instruction: string, agent?: string) => ({
  tool_calls: [{ name: "task", arguments: { instruction, ...(agent ? { agent } : {}) } }],
});

/** Registers the tool-task tests. */
export function registerTaskSuite(): void {
  describe("tool-task", () => {
    it("runs the instruction in a child session and returns its answer", async () => {
      const { instances, module } = recordingProviders();
      const { spawned, spawn } = countingSpawner();
      const session = createSession(
        delegationPlan([delegate("What is 6 * 7?"), { text: "The child said 42." }], { max_depth: 1 }),
        {
          modules: registry(module),
          sessionId: "root",
          capabilities: { "session.spawn": spawn },
        },
      );
      expect(await session.execute("delegate it")).toBe("The child said 42.");
      expect(spawned).toHaveLength(1);
      expect(spawned[0]).toMatchObject({ sub_session_id: "root-sub1_task", depth: 1, instruction: "What is 6 * 7?" });
      const child = instances[1]!;
      expect(child.requests[0]?.messages.at(-1)).toMatchObject({ role: "user", content: "What is 6 * 7?" });
      expect(child.requests[0]?.tools?.map((tool) => tool.name)).not.toContain("task");
      const history = await session.coordinator.get("context")!.get_messages();
      expect(JSON.parse(String(history[2]?.content))).toEqual({
        response: "The child said 42.",
        session_id: "root-sub1_task",
      });
      await session.cleanup();
    });

    it("an endless delegation chain stops at max_depth (the original once spawned 842 sessions)", async () => {
      const { module } = recordingProviders();
      const { spawned, spawn } = countingSpawner();
      const session = createSession(delegationPlan([delegate("delegate again"), { text: "done" }], { max_depth: 3 }), {
        modules: registry(module),
        sessionId: "r",
        capabilities: { "session.spawn": spawn },
      });
      await session.execute("start");
      expect(spawned.map((options) => options.depth)).toEqual([1, 2, 3]);
      expect(spawned.map((options) => options.sub_session_id)).toEqual([
        "r-sub1_task",
        "r-sub1_task-sub2_task",
        "r-sub1_task-sub2_task-sub3_task",
      ]);
      expect(spawned[2]?.tool_inheritance.exclude).toContain("task");
      await session.cleanup();
    });

    it("a spawn budget shared by the whole tree caps fan-out", async () => {
      const { module } = recordingProviders();
      const { spawned, spawn } = countingSpawner();
      const session = createSession(
        delegationPlan([delegate("again"), { text: "done" }], { max_depth: 10, max_spawns: 2 }),
        {
          modules: registry(module),
          capabilities: { "session.spawn": spawn },
        },
      );
      await session.execute("start");
      expect(spawned).toHaveLength(2);
      await session.cleanup();
    });

    it("exclude_tools is matched by tool name; a module id there matches nothing and is reported", async () => {
      const { instances, module } = recordingProviders();
      const session = createSession(
        delegationPlan(
          [delegate("look around"), { text: "ok" }],
          { exclude_tools: ["read_file", "tool-calculator"], max_depth: 1 },
          {
            spawn: { exclude_tools: ["edit_file"] },
          },
        ),
        { modules: registry(module) },
      );
      await session.execute("go");
      const childTools = instances[1]!.requests[0]?.tools?.map((tool) => tool.name);
      expect(childTools).toEqual(["calculator", "write_file"]);
      const result = JSON.parse(String((await session.coordinator.get("context")!.get_messages())[2]?.content));
      expect(result.warning).toContain("tool-calculator");
      await session.cleanup();
    });

    it("an agent from the plan overlays its tools and instruction", async () => {
      const { instances, module } = recordingProviders();
      const session = createSession(
        delegationPlan(
          [delegate("do it", "auditor"), { text: "ok" }],
          { max_depth: 1 },
          {
            agents: {
              auditor: {
                system: { instruction: "You audit code." },
                tools: [{ module: "tool-calculator", config: {} }],
              },
            },
          },
        ),
        { modules: registry(module) },
      );
      await session.execute("go");
      expect(instances[1]!.requests[0]?.messages[0]).toMatchObject({ role: "system", content: "You audit code." });
      const unknown = createSession(delegationPlan([delegate("x", "ghost"), { text: "ok" }], { max_depth: 1 }), {
        modules: registry(recordingProviders().module),
      });
      await unknown.execute("go");
      expect(String((await unknown.coordinator.get("context")!.get_messages())[2]?.content)).toContain(
        'unknown agent "ghost"',
      );
      await session.cleanup();
      await unknown.cleanup();
    });

    it("reports bad input, a failing spawner and its events without throwing", async () => {
      const coordinator = new ModuleCoordinator({ sessionId: "p" });
      const recorder = new EventRecorder();
      recorder.attach(coordinator.hooks, ["task:agent_spawned", "task:agent_completed"]);
      coordinator.register_capability("session.spawn", async () => {
        throw new Error("no capacity");
      });
      await createToolTask({ newId: () => "n1" }).mount(coordinator, {});
      const tool = coordinator.get("tools", "task") as TaskTool;
      const missing = (await tool.execute({})) as ToolResult;
      expect(missing.error?.message).toContain("input.instruction: required (expected string)");
      expect(((await tool.execute({ instruction: 5 })) as ToolResult).error?.message).toContain(
        "expected string, received number",
      );
      const failed = (await tool.execute({ instruction: "x" })) as ToolResult;
      expect(failed).toMatchObject({ success: false, error: { message: "task: the sub-agent failed: no capacity" } });
      expect(recorder.get_events("task:agent_spawned")[0]?.data).toMatchObject({
        sub_session_id: "p-n1_task",
        depth: 1,
      });
      expect(recorder.get_events("task:agent_completed")[0]?.data).toMatchObject({
        success: false,
        error: "no capacity",
      });
      expect(await coordinator.collect_contributions("observability.events")).toEqual([
        ["task:agent_spawned", "task:agent_completed"],
      ]);
    });

    it("refuses to delegate at the depth limit", async () => {
      const coordinator = new ModuleCoordinator({ sessionId: "deep" });
      coordinator.register_capability("self_delegation_depth", 3);
      coordinator.register_capability("session.spawn", async () => ({ output: "never", session_id: "x" }));
      await createToolTask().mount(coordinator, { max_depth: 3 });
      const result = (await coordinator.get("tools", "task")!.execute({ instruction: "more" })) as ToolResult;
      expect(result.error?.message).toContain("delegation depth limit reached (3 of 3)");
    });
  });
}
