/**
 * The `session.spawn` capability as `tool-task` calls it (Python's keyword arguments become one
 * options object). A host may register its own; without one, tool-task uses
 * `spawnChildSession`, which creates a child of the kernel session.
 */
import type { Coordinator } from "../../contracts.ts";

/** Which tools (by **tool name**, never module id) or hooks (by module id) a child keeps. */
export interface Inheritance {
  readonly exclude?: readonly string[];
  /** When set, only these are kept. */
  readonly inherit?: readonly string[];
}

/** What tool-task asks the spawner for. */
export interface SpawnOptions {
  readonly agent_name: string | undefined;
  readonly instruction: string;
  /** The parent session (`coordinator.session`). */
  readonly parent_session: unknown;
  readonly parent_coordinator: Coordinator;
  readonly sub_session_id: string;
  readonly tool_inheritance: Inheritance;
  readonly hook_inheritance: Inheritance;
  /** The child's delegation depth (the root session is 0). */
  readonly depth: number;
  /** Capabilities to register in the child: depth, the shared spawn budget, the spawner itself. */
  readonly capabilities: Readonly<Record<string, unknown>>;
  readonly signal?: AbortSignal;
}

/** What the spawner answers. */
export interface SpawnResult {
  readonly output: string;
  readonly session_id: string;
  readonly status?: string;
  readonly turn_count?: number;
  /** Excluded tool names that matched no tool of the child (a likely misconfiguration). */
  readonly unknown_excluded_tools?: readonly string[];
}

/** The `session.spawn` capability. */
export type SpawnFunction = (options: SpawnOptions) => Promise<SpawnResult>;

/** The capability holding a session's delegation depth (foundation's name). */
export const DEPTH_CAPABILITY = "self_delegation_depth";

/** The capability holding the spawn budget shared by a whole tree of sessions. */
export const BUDGET_CAPABILITY = "task.spawn_budget";

/** A budget of child sessions, shared by reference between a session and all its descendants. */
export interface SpawnBudget {
  remaining: number;
}
