/**
 * Transcript repair: what a crash leaves behind must not brick the next provider call (Amplifier
 * issues #217 and #131: an assistant message with tool calls and no results makes providers answer
 * HTTP 400 forever). The repair gives every tool call exactly one result, drops results that answer
 * no call, and closes a turn that never finished.
 */
import type { Message } from "../models/index.ts";

/** What {@link repairTranscript} changed; the data of the `storage:repaired` event. */
export interface RepairReport {
  /** Tool calls that had no result and got a synthetic error result. */
  readonly orphaned_tool_calls: { readonly tool_call_id: string; readonly tool: string }[];
  /** Results that came after the end of their turn and were moved back to it. */
  readonly moved_results: string[];
  /** Tool messages that answer no open tool call (unknown id or a second result), removed. */
  readonly dropped_results: { readonly tool_call_id: string | null; readonly index: number }[];
  /** True when a closing assistant message was added to a turn that never finished. */
  readonly closed_interrupted_turn: boolean;
  /** True when earlier messages changed, so the history must be replaced rather than appended to. */
  readonly rewritten: boolean;
}

/** The outcome of {@link repairTranscript}. */
export interface TranscriptRepair {
  /** The repaired transcript, in full. */
  readonly messages: Message[];
  /** When `rewrite` is false: the messages to append to the stored history to repair it. */
  readonly append: Message[];
  /** True when the stored history must be replaced by `messages` (a repair in the middle). */
  readonly rewrite: boolean;
  /** True when anything changed. */
  readonly changed: boolean;
  readonly report: RepairReport;
}

/** Options of {@link repairTranscript}. */
export interface RepairOptions {
  /** Close a turn that ends without a final assistant message (default true). */
  readonly closeInterruptedTurn?: boolean;
}

/** The text of a synthetic result; the model reads it, so it says what happened and what is unknown. */
export function interruptedToolResultText(tool: string, id: string): string {
  return `Error: the tool call "${tool}" (id ${id}) was interrupted before it returned a result, so it may or may not have run. The session was resumed from storage.`;
}

/** The text of the message that closes an interrupted turn. */
export const INTERRUPTED_TURN_TEXT =
  "[This turn was interrupted before it finished. The session was resumed from storage.]";

interface ToolCallRef {
  readonly id: string;
  readonly tool: string;
}

/**
 * Repairs a transcript so the next provider call is valid; never throws and never loses a real result.
 *
 * A turn is the span from an assistant message with tool calls to the next assistant message or user
 * message (hook injections, `metadata.source === "hook"`, do not end it). Within it, results may
 * come in any order, with system messages between. A call with no result gets a synthetic error
 * result at the end of its turn; a result found after its turn is moved back into it.
 *
 * @example
 * const { append, report } = repairTranscript(history);
 * for (const message of append) await store.append(sessionId, message);
 */
export function repairTranscript(messages: readonly Message[], options: RepairOptions = {}): TranscriptRepair {
  const resultsById = indexResults(messages);
  const consumed = new Set<number>();
  const output: Message[] = [];
  const orphaned: ToolCallRef[] = [];
  const moved: string[] = [];
  const dropped: { tool_call_id: string | null; index: number }[] = [];
  let open: { calls: ToolCallRef[]; answered: Set<string> } | undefined;

  const closeTurn = (boundary: number) => {
    if (open === undefined) return;
    for (const call of open.calls) {
      if (open.answered.has(call.id)) continue;
      const late = resultsById.get(call.id)?.find((index) => index > boundary && !consumed.has(index));
      if (late !== undefined) {
        consumed.add(late);
        output.push(messages[late] as Message);
        moved.push(call.id);
      } else {
        output.push(syntheticResult(call));
        orphaned.push(call);
      }
    }
    open = undefined;
  };

  messages.forEach((message, index) => {
    if (message.role === "tool") {
      if (consumed.has(index)) return;
      const id = typeof message.tool_call_id === "string" ? message.tool_call_id : null;
      if (open !== undefined && id !== null && !open.answered.has(id) && open.calls.some((call) => call.id === id)) {
        open.answered.add(id);
        output.push(message);
      } else {
        dropped.push({ tool_call_id: id, index });
      }
      return;
    }
    if (endsTurn(message)) closeTurn(index);
    output.push(message);
    const calls = toolCallsOf(message);
    if (calls.length > 0) open = { calls, answered: new Set() };
  });
  closeTurn(messages.length);

  let closed = false;
  if ((options.closeInterruptedTurn ?? true) && isInterrupted(output)) {
    output.push({ role: "assistant", content: INTERRUPTED_TURN_TEXT, metadata: { repair: "interrupted_turn" } });
    closed = true;
  }

  const rewrite = !startsWith(output, messages);
  return {
    messages: output,
    append: rewrite ? [] : output.slice(messages.length),
    rewrite,
    changed: rewrite || output.length !== messages.length,
    report: {
      orphaned_tool_calls: orphaned.map((call) => ({ tool_call_id: call.id, tool: call.tool })),
      moved_results: moved,
      dropped_results: dropped,
      closed_interrupted_turn: closed,
      rewritten: rewrite,
    },
  };
}

/** The tool calls of an assistant message, from `tool_calls` and from `tool_call` content blocks. */
export function toolCallsOf(message: Message): ToolCallRef[] {
  if (message.role !== "assistant") return [];
  const calls: ToolCallRef[] = [];
  const seen = new Set<string>();
  const add = (id: unknown, tool: unknown) => {
    if (typeof id !== "string" || seen.has(id)) return;
    seen.add(id);
    calls.push({ id, tool: typeof tool === "string" ? tool : "unknown" });
  };
  for (const call of message.tool_calls ?? []) add(call.id, call.tool);
  if (Array.isArray(message.content)) {
    for (const block of message.content) if (block.type === "tool_call") add(block.id, block.name);
  }
  return calls;
}

function indexResults(messages: readonly Message[]): Map<string, number[]> {
  const byId = new Map<string, number[]>();
  messages.forEach((message, index) => {
    if (message.role !== "tool" || typeof message.tool_call_id !== "string") return;
    const list = byId.get(message.tool_call_id) ?? [];
    list.push(index);
    byId.set(message.tool_call_id, list);
  });
  return byId;
}

function isHookInjection(message: Message): boolean {
  return message.metadata?.source === "hook";
}

function endsTurn(message: Message): boolean {
  return message.role === "assistant" || (message.role === "user" && !isHookInjection(message));
}

/** A transcript is interrupted when its last conversational message is not a final assistant answer. */
function isInterrupted(messages: readonly Message[]): boolean {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index] as Message;
    if (message.role === "system" || message.role === "developer" || isHookInjection(message)) continue;
    if (message.role === "assistant") return toolCallsOf(message).length > 0;
    return message.role === "tool" || message.role === "user" || message.role === "function";
  }
  return false;
}

function syntheticResult(call: ToolCallRef): Message {
  return {
    role: "tool",
    tool_call_id: call.id,
    name: call.tool,
    content: interruptedToolResultText(call.tool, call.id),
    success: false,
    metadata: { repair: "orphaned_tool_call" },
  };
}

function startsWith(output: readonly Message[], prefix: readonly Message[]): boolean {
  if (output.length < prefix.length) return false;
  return prefix.every((message, index) => output[index] === message);
}
