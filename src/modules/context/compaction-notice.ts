/**
 * The system reminder a compacted view carries (context-simple's compaction notice), in the
 * original's three verbosities: `minimal` says that the view was compacted, `normal` adds what
 * was done at which level, `verbose` adds the token figures and what is always protected.
 */
import type { Message } from "../../models/index.ts";
import type { CompactionSummary } from "./compaction.ts";

/** How much a notice says. */
export type NoticeVerbosity = "minimal" | "normal" | "verbose";

/** What a notice needs besides the summary. */
export interface NoticeSettings {
  readonly verbosity: NoticeVerbosity;
  readonly target: number;
  readonly protected_recent: number;
  readonly protected_tool_results: number;
}

function whatWasDone(summary: CompactionSummary): string {
  const parts = [
    summary.removed_messages > 0 ? `${summary.removed_messages} earlier messages left out` : "",
    summary.truncated_tool_results > 0 ? `${summary.truncated_tool_results} tool results shortened` : "",
    summary.stubbed_user_messages > 0 ? `${summary.stubbed_user_messages} user messages shortened` : "",
  ].filter((part) => part !== "");
  return parts.join(", ") || "nothing removed";
}

function bodyOf(summary: CompactionSummary, settings: NoticeSettings): string {
  const compacted = "To fit the context window, this view of the conversation was compacted";
  const kept = "The full history is kept; call tools again if you need something that was left out.";
  if (settings.verbosity === "minimal") return `${compacted}. ${kept}`;
  const normal = `${compacted} (level ${summary.strategy_level}/8: ${whatWasDone(summary)}). ${kept}`;
  if (settings.verbosity === "normal") return normal;
  return (
    `${normal} Tokens: ${summary.before_tokens} before, ${summary.after_tokens} after, target ${settings.target}. ` +
    "Always kept: the system messages, the first and the last user message, " +
    `the most recent ${Math.round(settings.protected_recent * 100)}% of the conversation ` +
    `and the last ${settings.protected_tool_results} tool results in full.`
  );
}

/** The notice message (a `system` message marked ephemeral, inserted after the system messages). */
export function compactionNotice(summary: CompactionSummary, settings: NoticeSettings): Message {
  return {
    role: "system",
    content: `<system-reminder source="context-compaction">${bodyOf(summary, settings)}</system-reminder>`,
    metadata: { ephemeral: true, source: "context-compaction" },
  };
}
