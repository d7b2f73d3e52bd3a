/**
 * Resuming a stored session: load its history under the session lock, repair what a crash left
 * behind, store the repair, and say what was repaired with a `storage:repaired` event.
 */
import { STORAGE_REPAIRED } from "../hooks/events.ts";
import type { Message } from "../models/index.ts";
import type { MessageStore, StoreEventListener } from "./message-store.ts";
import { type RepairOptions, type RepairReport, repairTranscript } from "./repair.ts";

/** Options of {@link resumeSession}. */
export interface ResumeOptions extends RepairOptions {
  /** Receives `storage:repaired` with `{ session_id, repairs }` when something was repaired. */
  readonly onEvent?: StoreEventListener;
}

/** The history of a resumed session. */
export interface ResumedSession {
  /** The full history after repair, ready for `set_messages` or the next provider call. */
  readonly messages: Message[];
  /** What was repaired, or undefined when the history was already valid. */
  readonly report: RepairReport | undefined;
}

/**
 * Loads a session and repairs it in storage, holding the session's lock so that two tabs resuming
 * the same session at once repair it once.
 *
 * An append-only repair (the usual crash: tool calls without results at the end) appends the
 * synthetic results; a repair in the middle replaces the history. If storing the repair fails, the
 * history is left as it was plus whole repair messages, and the next resume finishes the job.
 *
 * @throws KernelError `storage_failed` when loading or storing fails.
 * @example
 * const { messages, report } = await resumeSession(store, "s1", { onEvent: (name, data) => hooks.emit(name, data) });
 */
export async function resumeSession(
  store: MessageStore,
  sessionId: string,
  options: ResumeOptions = {},
): Promise<ResumedSession> {
  return store.withSessionLock(sessionId, async (session) => {
    const stored = (await session.load()).map((record) => record.message);
    const repair = repairTranscript(stored, options);
    if (!repair.changed) return { messages: repair.messages, report: undefined };
    if (repair.rewrite) {
      await session.replace(repair.messages);
    } else {
      for (const message of repair.append) await session.append(message);
    }
    try {
      options.onEvent?.(STORAGE_REPAIRED, { session_id: sessionId, repairs: repair.report });
    } catch {
      // The repair is stored; a listener that throws must not undo the resume.
    }
    return { messages: repair.messages, report: repair.report };
  });
}
