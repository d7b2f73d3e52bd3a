/**
 * Tool-call pairing as the provider APIs demand it: every call of an assistant message is answered
 * by exactly one result before the next assistant message, and no result answers a call that is not
 * there. A transcript cut by a crash or a cancel breaks this and makes every later request fail
 * with HTTP 400, so the view sent to the model is repaired (the stored history is not touched).
 */
import type { ContentBlock, Message } from "../../models/index.ts";

/** One repair made to the request view. */
export interface ToolSequenceRepair {
  readonly tool_call_id: string;
  readonly action: "synthetic_result" | "dropped_orphan_result";
  /** Index of the message in the original list. */
  readonly message_index: number;
}

/** Text of the result put in place of a missing one. */
export const MISSING_RESULT_TEXT = "Error: the result of this tool call was lost (the turn was interrupted).";

/** The ids of the tool calls an assistant message makes, in order (content blocks, then `tool_calls`). */
export function toolCallIdsOf(message: Message): string[] {
  const ids: string[] = [];
  if (Array.isArray(message.content)) {
    for (const block of message.content) if (block.type === "tool_call") ids.push(block.id);
  }
  for (const call of message.tool_calls ?? []) if (!ids.includes(call.id)) ids.push(call.id);
  return ids;
}

function resultIdsOf(message: Message): string[] {
  if (message.role === "tool" || message.role === "function") {
    return message.tool_call_id === undefined ? [] : [message.tool_call_id];
  }
  if (message.role === "user" && Array.isArray(message.content)) {
    return message.content.filter((block) => block.type === "tool_result").map((block) => block.tool_call_id);
  }
  return [];
}

/**
 * Returns the messages with missing results filled in (an error result right after the others of
 * the group) and orphan results dropped, plus what was repaired.
 */
export function repairToolSequence(messages: readonly Message[]): {
  messages: Message[];
  repairs: ToolSequenceRepair[];
} {
  const repairs: ToolSequenceRepair[] = [];
  const out: Message[] = [];
  let open: { ids: string[]; answered: Set<string>; assistantIndex: number } | undefined;

  const closeGroup = (): void => {
    if (!open) return;
    for (const id of open.ids) {
      if (open.answered.has(id)) continue;
      out.push({ role: "tool", tool_call_id: id, content: MISSING_RESULT_TEXT, success: false });
      repairs.push({ tool_call_id: id, action: "synthetic_result", message_index: open.assistantIndex });
    }
    open = undefined;
  };

  messages.forEach((message, index) => {
    if (message.role === "assistant") {
      closeGroup();
      const ids = toolCallIdsOf(message);
      if (ids.length > 0) open = { ids, answered: new Set(), assistantIndex: index };
      out.push(message);
      return;
    }
    const resultIds = resultIdsOf(message);
    if (resultIds.length === 0) {
      // A plain user or system message ends the group only when it is not between results.
      if (message.role === "user" || message.role === "system" || message.role === "developer") closeGroup();
      out.push(message);
      return;
    }
    const kept = resultIds.filter((id) => open?.ids.includes(id) && !open.answered.has(id));
    for (const id of resultIds) {
      if (!kept.includes(id)) repairs.push({ tool_call_id: id, action: "dropped_orphan_result", message_index: index });
    }
    for (const id of kept) open?.answered.add(id);
    const repaired = dropResults(message, kept);
    if (repaired) out.push(repaired);
  });
  closeGroup();
  return { messages: repairs.length === 0 ? [...messages] : out, repairs };
}

function dropResults(message: Message, kept: readonly string[]): Message | undefined {
  if (message.role === "tool" || message.role === "function") return kept.length > 0 ? message : undefined;
  if (!Array.isArray(message.content)) return message;
  const content: ContentBlock[] = message.content.filter(
    (block) => block.type !== "tool_result" || kept.includes(block.tool_call_id),
  );
  return content.length > 0 ? { ...message, content } : undefined;
}
