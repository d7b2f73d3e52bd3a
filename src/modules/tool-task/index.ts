/**
 * `tool-task`: the `task` tool delegates an instruction to a child session through the
 * `session.spawn` capability (or, without one, a child of the kernel session). Guards against
 * runaway delegation: a depth limit, a spawn budget shared by the whole tree of sessions, and
 * `exclude_tools` matched against **tool names** (the original compared module ids with tool
 * names, let the delegate tool through, and once spawned 842 sessions).
 */
import { z } from "zod";
import type { CallOptions, Coordinator, ModuleDefinition, Tool } from "../../contracts.ts";
import { describeError } from "../../errors.ts";
import { type ToolResult, toolFailure, toolSuccess } from "../../models/index.ts";
import { parseModuleConfig } from "../shared/config.ts";
import { parseToolInput } from "../shared/tool-input.ts";
import { spawnChildSession } from "./child-session.ts";
import { BUDGET_CAPABILITY, DEPTH_CAPABILITY, type SpawnBudget, type SpawnFunction } from "./spawn-contract.ts";

export { childPlan, spawnChildSession } from "./child-session.ts";
export * from "./spawn-contract.ts";

/** Config of `tool-task`. */
export const taskConfigSchema = z.strictObject({
  /** Tool names the child does not get (the plan's `spawn.exclude_tools` are added). */
  exclude_tools: z.array(z.string().min(1)).default([]),
  /** When set, the only tool names the child gets. */
  inherit_tools: z.array(z.string().min(1)).optional(),
  /** Hook module ids the child does not get. */
  exclude_hooks: z.array(z.string().min(1)).default([]),
  inherit_hooks: z.array(z.string().min(1)).optional(),
  /** Sessions at this depth cannot delegate further (the root is depth 0). */
  max_depth: z.number().int().min(1).max(10).default(3),
  /** Child sessions allowed for the whole tree of sessions. */
  max_spawns: z.number().int().min(1).default(20),
});

/** Parsed config of `tool-task`. */
export type TaskConfig = z.output<typeof taskConfigSchema>;

const inputSchema = z.object({
  instruction: z.string().min(1),
  agent: z.string().min(1).optional(),
});

const TASK_EVENTS = ["task:agent_spawned", "task:agent_completed"];

function randomHex(bytes: number): string {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  return [...values].map((value) => value.toString(16).padStart(2, "0")).join("");
}

/** The `task` tool. */
export class TaskTool implements Tool {
  readonly name = "task";
  readonly description =
    "Delegate a self-contained piece of work to a sub-agent running in its own session. Give a complete instruction; " +
    "the sub-agent's final answer is returned. Optionally name an agent defined in the mount plan.";
  readonly input_schema = {
    type: "object",
    properties: {
      instruction: { type: "string", description: "What the sub-agent should do, with all the context it needs" },
      agent: { type: "string", description: "Name of an agent from the mount plan's agents section" },
    },
    required: ["instruction"],
  };

  constructor(
    private readonly coordinator: Coordinator,
    private readonly config: TaskConfig,
    private readonly spawn: SpawnFunction,
    private readonly depth: number,
    private readonly budget: SpawnBudget,
    private readonly newId: () => string,
  ) {}

  async execute(input: Record<string, unknown>, options: CallOptions = {}): Promise<ToolResult> {
    const parsed = parseToolInput(this.name, inputSchema, input);
    if (!parsed.ok) return parsed.result;
    const { instruction, agent } = parsed.value;
    if (this.depth >= this.config.max_depth) {
      return toolFailure(
        `task: delegation depth limit reached (${this.depth} of ${this.config.max_depth}); do the work here instead`,
        {
          type: "depth_limit",
        },
      );
    }
    if (this.budget.remaining <= 0) {
      return toolFailure(
        `task: the spawn budget of ${this.config.max_spawns} sub-sessions for this session tree is used up`,
        {
          type: "spawn_budget",
        },
      );
    }
    this.budget.remaining--;
    const agentPart = (agent ?? "task").replace(/[^A-Za-z0-9._:@-]/g, "-").slice(0, 32);
    const parentId = this.coordinator.session_id;
    const sub_session_id =
      parentId.length > 80 ? `${this.newId()}_${agentPart}` : `${parentId}-${this.newId()}_${agentPart}`;
    const childDepth = this.depth + 1;
    const planSpawn = (this.coordinator.config.spawn ?? {}) as { exclude_tools?: unknown };
    const planExcluded = Array.isArray(planSpawn.exclude_tools)
      ? planSpawn.exclude_tools.filter((name) => typeof name === "string")
      : [];
    const exclude = [
      ...new Set([
        ...this.config.exclude_tools,
        ...planExcluded,
        ...(childDepth >= this.config.max_depth ? [this.name] : []),
      ]),
    ];
    const capabilities: Record<string, unknown> = { [DEPTH_CAPABILITY]: childDepth, [BUDGET_CAPABILITY]: this.budget };
    const registered = this.coordinator.get_capability("session.spawn");
    if (typeof registered === "function") capabilities["session.spawn"] = registered;
    const hooks = this.coordinator.hooks;
    await hooks.emit("task:agent_spawned", {
      agent: agent ?? null,
      sub_session_id,
      parent_session_id: parentId,
      depth: childDepth,
    });
    try {
      const result = await this.spawn({
        agent_name: agent,
        instruction,
        parent_session: this.coordinator.session,
        parent_coordinator: this.coordinator,
        sub_session_id,
        tool_inheritance: { exclude, ...(this.config.inherit_tools ? { inherit: this.config.inherit_tools } : {}) },
        hook_inheritance: {
          exclude: this.config.exclude_hooks,
          ...(this.config.inherit_hooks ? { inherit: this.config.inherit_hooks } : {}),
        },
        depth: childDepth,
        capabilities,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      await hooks.emit("task:agent_completed", {
        agent: agent ?? null,
        sub_session_id: result.session_id,
        success: true,
        status: result.status ?? null,
      });
      const output: Record<string, unknown> = { response: result.output, session_id: result.session_id };
      if (result.unknown_excluded_tools && result.unknown_excluded_tools.length > 0) {
        output.warning = `exclude_tools names no tool of the child: ${result.unknown_excluded_tools.join(", ")} (use tool names, not module ids)`;
      }
      return toolSuccess(output);
    } catch (error) {
      await hooks.emit("task:agent_completed", {
        agent: agent ?? null,
        sub_session_id,
        success: false,
        error: describeError(error),
      });
      return toolFailure(`task: the sub-agent failed: ${describeError(error)}`, { type: "spawn_failed" });
    }
  }
}

/** Options of {@link createToolTask}. */
export interface ToolTaskOptions {
  /** Makes the random part of sub-session ids (default 16 hex characters). */
  newId?: () => string;
}

/** Builds `tool-task` with injected options. */
export function createToolTask(options: ToolTaskOptions = {}): ModuleDefinition {
  return {
    id: "tool-task",
    type: "tool",
    description: "Delegate work to a sub-agent in a child session (tool `task`), with depth and spawn limits.",
    version: "1.0.0",
    async mount(coordinator, config) {
      const parsed = parseModuleConfig("tool-task", taskConfigSchema, config);
      const registered = coordinator.get_capability("session.spawn");
      const spawn: SpawnFunction = typeof registered === "function" ? (registered as SpawnFunction) : spawnChildSession;
      const depthValue = coordinator.get_capability(DEPTH_CAPABILITY);
      const depth = typeof depthValue === "number" && depthValue >= 0 ? depthValue : 0;
      let budget = coordinator.get_capability<SpawnBudget>(BUDGET_CAPABILITY);
      if (typeof budget?.remaining !== "number") {
        budget = { remaining: parsed.max_spawns };
        coordinator.register_capability(BUDGET_CAPABILITY, budget);
      }
      coordinator.register_contributor("observability.events", "tool-task", () => TASK_EVENTS);
      const tool = new TaskTool(coordinator, parsed, spawn, depth, budget, options.newId ?? (() => randomHex(8)));
      await coordinator.mount("tools", tool, { name: tool.name });
    },
  };
}

/** The `tool-task` module. */
export const toolTask: ModuleDefinition = createToolTask();
