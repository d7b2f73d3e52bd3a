/**
 * The default `session.spawn`: a child of the kernel session that owns the calling coordinator.
 * The child's plan is the parent's, with the agent's overlay merged in (reference §7), minus the
 * hooks the inheritance rules drop; tools are then removed **by tool name** after mounting, which
 * is what the tool names in `exclude_tools` mean (comparing them with module ids let a delegate
 * tool through and spawned 842 sessions in the original).
 */

import { KernelError } from "../../errors.ts";
import { deepMerge, mergeModuleLists } from "../../plan/index.ts";
import type { MountPlanInput } from "../../plan/schema.ts";
import { createSession } from "../../session.ts";
import type { ParentSession } from "../../session-options.ts";
import type { Inheritance, SpawnOptions, SpawnResult } from "./spawn-contract.ts";

type Entry = Record<string, unknown> & { module: string };

function isParentSession(value: unknown): value is ParentSession & { plan: Record<string, unknown> } {
  const candidate = value as Partial<ParentSession> & { plan?: unknown };
  return (
    typeof candidate?.sessionId === "string" &&
    typeof candidate.plan === "object" &&
    candidate.coordinator !== undefined
  );
}

function keeps(rule: Inheritance, name: string): boolean {
  if (rule.exclude?.includes(name)) return false;
  return rule.inherit === undefined || rule.inherit.includes(name);
}

function entries(value: unknown): Entry[] {
  return Array.isArray(value) ? (value as Entry[]) : [];
}

/** The child's plan: the parent's, the agent overlay merged in, hooks filtered by module id. */
export function childPlan(
  parentPlan: Record<string, unknown>,
  options: SpawnOptions,
): { plan: Record<string, unknown>; instruction?: string } {
  const agents = (parentPlan.agents ?? {}) as Record<string, unknown>;
  let overlay: Record<string, unknown> = {};
  if (options.agent_name !== undefined) {
    const found = Object.hasOwn(agents, options.agent_name) ? agents[options.agent_name] : undefined;
    if (typeof found !== "object" || found === null) {
      throw new KernelError(
        "invalid_argument",
        `unknown agent "${options.agent_name}" (known: ${Object.keys(agents).join(", ") || "none"})`,
      );
    }
    overlay = found as Record<string, unknown>;
  }
  const { agents: _agents, ...base } = parentPlan;
  const plan: Record<string, unknown> = {
    ...base,
    session: deepMerge(base.session ?? {}, overlay.session ?? {}),
    providers: mergeModuleLists(entries(base.providers), entries(overlay.providers)),
    tools: mergeModuleLists(entries(base.tools), entries(overlay.tools)),
    hooks: mergeModuleLists(entries(base.hooks), entries(overlay.hooks)).filter((entry) =>
      keeps(options.hook_inheritance, entry.module),
    ),
  };
  const system = overlay.system as { instruction?: unknown } | undefined;
  const instruction = typeof system?.instruction === "string" ? system.instruction : undefined;
  return instruction === undefined ? { plan } : { plan, instruction };
}

/**
 * Runs `options.instruction` in a new child session and cleans it up.
 *
 * @throws KernelError `invalid_argument` when the parent is not a kernel session or the agent is unknown.
 */
export async function spawnChildSession(options: SpawnOptions): Promise<SpawnResult> {
  const parent = options.parent_session;
  if (!isParentSession(parent)) {
    throw new KernelError(
      "invalid_argument",
      "tool-task: the coordinator has no kernel session to spawn from; register a session.spawn capability",
    );
  }
  const { plan, instruction } = childPlan(parent.plan, options);
  const store = parent.options.store;
  const child = createSession(plan as MountPlanInput, {
    parent,
    sessionId: options.sub_session_id,
    capabilities: options.capabilities,
    ...(store !== undefined ? { store } : {}),
  });
  try {
    await child.initialize();
    const tools = Object.keys(child.coordinator.get("tools"));
    for (const name of tools)
      if (!keeps(options.tool_inheritance, name)) await child.coordinator.unmount("tools", { name });
    const unknown_excluded_tools = (options.tool_inheritance.exclude ?? []).filter((name) => !tools.includes(name));
    if (instruction !== undefined)
      await child.coordinator.get("context")?.add_message({ role: "system", content: instruction });
    const output = await child.execute(options.instruction, options.signal ? { signal: options.signal } : {});
    const status = child.status();
    return {
      output,
      session_id: child.sessionId,
      status: status.state,
      turn_count: status.turns,
      unknown_excluded_tools,
    };
  } finally {
    await child.cleanup();
  }
}
