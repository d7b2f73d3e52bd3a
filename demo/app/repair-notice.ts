/**
 * The chat's line for a `storage:repaired` event: what resuming changed in the stored history, so a
 * 4-message import that resumes with 6 messages says where the other two came from.
 */

/** The parts of the store's RepairReport the line names (the event carries it JSON-safe). */
interface RepairData {
  readonly orphaned_tool_calls?: readonly { readonly tool_call_id: string; readonly tool: string }[];
  readonly moved_results?: readonly string[];
  readonly dropped_results?: readonly unknown[];
  readonly closed_interrupted_turn?: boolean;
}

/**
 * E.g. "Repaired on resume: 1 tool call with no result (calculator) got an error result; the
 * unfinished last turn was closed." Undefined when the report names nothing.
 */
export function describeRepair(repairs: unknown): string | undefined {
  const report = (typeof repairs === "object" && repairs !== null ? repairs : {}) as RepairData;
  const parts: string[] = [];
  const orphaned = report.orphaned_tool_calls ?? [];
  if (orphaned.length > 0) {
    const tools = [...new Set(orphaned.map((call) => call.tool))].join(", ");
    parts.push(`${count(orphaned.length, "tool call")} with no result (${tools}) got an error result`);
  }
  const moved = report.moved_results?.length ?? 0;
  if (moved > 0) parts.push(`${count(moved, "tool result")} moved back to its turn`);
  const dropped = report.dropped_results?.length ?? 0;
  if (dropped > 0) parts.push(`${count(dropped, "tool result")} that answered no call removed`);
  if (report.closed_interrupted_turn) parts.push("the unfinished last turn was closed");
  return parts.length === 0 ? undefined : `Repaired on resume: ${parts.join("; ")}.`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
