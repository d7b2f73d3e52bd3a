/** The one-line summary of the current session under the page's title. */
import type { CurrentSession } from "./playground.ts";

/** E.g. "Session 3f2a… (new) · model: mock · tools: calculator, word_count · sandboxed: tool-word-count". */
export function describeSession(current: CurrentSession): string {
  const { status, session, resumed, mounted } = current;
  const parts = [
    `Session ${session.id.slice(0, 8)} (${resumed ? "resumed" : "new"})`,
    `model: ${status.mounted.providers.join(", ") || "none"}`,
    `tools: ${status.mounted.tools.join(", ") || "none"}`,
    `sandboxed: ${mounted.map((module) => module.id).join(", ") || "none"}`,
  ];
  if (status.failedModules.length > 0)
    parts.push(`failed to load: ${status.failedModules.map((f) => f.module_id).join(", ")}`);
  return parts.join(" · ");
}
