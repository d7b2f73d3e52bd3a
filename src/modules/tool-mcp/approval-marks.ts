/**
 * Which mounted MCP tools need the user's approval, told to hooks-approval the way it reads it:
 * the session's `require_approval_tools` list. Fail closed: when a tool needs approval and the
 * plan mounts no hooks-approval, a `tool:pre` handler denies the call instead of letting it run.
 */
import type { Coordinator } from "../../contracts.ts";
import { TOOL_PRE } from "../../hooks/events.ts";
import type { HookResultInput } from "../../models/index.ts";

const STATE_KEY = "require_approval_tools";
const APPROVAL_HOOK = "hooks-approval";

/** The approval marks of one tool-mcp mount. */
export class ApprovalMarks {
  readonly #coordinator: Coordinator;
  readonly #marked = new Set<string>();
  readonly #unregister: () => void;

  constructor(coordinator: Coordinator) {
    this.#coordinator = coordinator;
    this.#unregister = coordinator.hooks.register(TOOL_PRE, (_event, data) => this.#guard(data), {
      // Before every other handler: a call that cannot be approved is not worth asking about.
      priority: -1_000_000,
      name: "tool-mcp:approval-guard",
    });
  }

  /** Marks (or unmarks) a mounted tool as needing approval. */
  set(toolName: string, needsApproval: boolean): void {
    const listed = this.#list();
    const index = listed.indexOf(toolName);
    if (needsApproval) {
      this.#marked.add(toolName);
      if (index < 0) listed.push(toolName);
    } else if (this.#marked.delete(toolName) && index >= 0) listed.splice(index, 1);
  }

  /** Removes every mark and the guard. */
  dispose(): void {
    for (const name of [...this.#marked]) this.set(name, false);
    this.#unregister();
  }

  #list(): unknown[] {
    const state = this.#coordinator.session_state;
    const current = state[STATE_KEY];
    if (Array.isArray(current)) return current;
    const created: unknown[] = [];
    state[STATE_KEY] = created;
    return created;
  }

  #guard(data: Record<string, unknown>): HookResultInput {
    const tool = typeof data.tool_name === "string" ? data.tool_name : "";
    if (!this.#marked.has(tool)) return {};
    const asks = this.#coordinator.hooks.list_handlers(TOOL_PRE)[TOOL_PRE] ?? [];
    if (asks.includes(APPROVAL_HOOK)) return {};
    return {
      action: "deny",
      reason: `"${tool}" needs the user's approval (tool-mcp approval), but the plan mounts no hooks-approval to ask`,
    };
  }
}
