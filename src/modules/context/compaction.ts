/**
 * Ephemeral compaction (reference §5, context-simple): builds a smaller **view** of the history
 * for one request and never changes the history itself. Eight levels, each stopping as soon as
 * the view is at the target:
 *
 * | Level | Action |
 * |---|---|
 * | 1–2 | Truncate the oldest 25%, then the next 25%, of tool results. |
 * | 3 | Remove messages, protecting the last `protected_recent` of them. |
 * | 4 | Truncate tool results in the 50–75% band. |
 * | 5 | Remove messages, protecting 0.6 × that fraction. |
 * | 6 | Truncate every tool result except the last `protected_tool_results`. |
 * | 7 | Remove messages, protecting 0.3 × that fraction. |
 * | 8 | Stub the first user message, then drop old stubs. |
 *
 * Always kept: system messages, the first and the last user message, the last
 * `protected_tool_results` tool results (never truncated). User messages are never removed at
 * levels 1-7: the removal levels stub long ones in the middle (never the first or the last);
 * level 8 stubs the first one too and then drops old stubs, never a user message that was not
 * stubbed. An assistant message with tool calls is removed only together with all of its results.
 * Every level is one linear pass, so a view of 100,000 messages costs a few passes over arrays.
 */
import type { Message } from "../../models/index.ts";
import { estimateMessageTokens } from "../shared/token-estimate.ts";
import { type CompactionCounts, type CompactionSettings, CompactionState } from "./compaction-state.ts";
import type { MessageLog } from "./message-log.ts";

/** What a compaction did. */
export interface CompactionReport extends CompactionCounts {
  readonly before_tokens: number;
  readonly after_tokens: number;
  readonly before_messages: number;
  readonly after_messages: number;
  /** The levels that changed something. */
  readonly levels_applied: number[];
  /** The highest level compaction reached (1-8; the original's `strategy_level`). */
  readonly strategy_level: number;
  /** System messages put first, never compacted. */
  readonly system_messages_preserved: number;
}

/** What a notice is built from: the report so far (without the notice itself). */
export type CompactionSummary = Omit<CompactionReport, "after_messages">;

/** A compacted view and its report. */
export interface CompactionResult {
  readonly messages: Message[];
  readonly report: CompactionReport;
}

/** Inputs of {@link compactView}. */
export interface CompactionRequest {
  readonly log: MessageLog;
  readonly settings: CompactionSettings;
  /** The system messages to put first (the stored ones, or a prompt factory's). */
  readonly systemMessages: readonly Message[];
  readonly systemTokens: number;
  /** Tokens the view should shrink to. */
  readonly target: number;
  /** Builds the message inserted right after the system messages; none when it returns undefined. */
  readonly notice?: (summary: CompactionSummary) => Message | undefined;
}

function truncateBand(state: CompactionState, from: number, to: number, target: number): boolean {
  const truncatable = Math.max(0, state.toolOrder.length - state.settings.protected_tool_results);
  const start = Math.floor(truncatable * from);
  const end = Math.floor(truncatable * to);
  let changed = false;
  for (let position = start; position < end && state.total > target; position++) {
    const index = state.toolOrder[position]!;
    if (state.alive[index] === 1 && state.truncateToolResult(index)) changed = true;
  }
  return changed;
}

/** The first index of the protected recent share of the non-system messages (Infinity: none). */
function protectedStart(state: CompactionState, protectedFraction: number): number {
  const count = state.order.length;
  const protectedCount = Math.ceil(count * protectedFraction);
  return count - protectedCount < count ? state.order[count - protectedCount]! : Number.POSITIVE_INFINITY;
}

function isMiddleUser(state: CompactionState, index: number): boolean {
  return (
    index !== state.log.firstUser &&
    index !== state.lastUser &&
    state.alive[index] === 1 &&
    state.log.messages[index]!.role === "user"
  );
}

/** A removal level: oldest first, outside the protected share; user messages are only stubbed. */
function removeOldest(state: CompactionState, protectedFraction: number, target: number): boolean {
  const protectFrom = protectedStart(state, protectedFraction);
  let changed = false;
  for (const index of state.order) {
    if (state.total <= target || index >= protectFrom) break;
    if (state.alive[index] === 0) continue;
    const role = state.log.messages[index]!.role;
    if (role === "user") continue;
    if (state.removeUnit(index, protectFrom)) changed = true;
  }
  for (const index of state.order) {
    if (state.total <= target || index >= protectFrom) break;
    if (isMiddleUser(state, index) && state.stubUserMessage(index)) changed = true;
  }
  return changed;
}

/** Level 8: stub the first user message (unless it is also the last), then drop old stubs. */
function compactUsers(state: CompactionState, protectedFraction: number, target: number): boolean {
  let changed = false;
  const first = state.log.firstUser;
  if (first >= 0 && first !== state.lastUser && state.alive[first] === 1 && state.stubUserMessage(first)) {
    changed = true;
  }
  const protectFrom = protectedStart(state, protectedFraction);
  for (const index of state.order) {
    if (state.total <= target || index >= protectFrom) break;
    if (isMiddleUser(state, index) && state.isStubbed(index)) {
      state.dropUserMessage(index);
      changed = true;
    }
  }
  return changed;
}

/**
 * Compacts the non-system messages of `log` toward `target` tokens (counting the system messages
 * given) and returns the view: system messages, the notice, then the kept messages in order.
 */
export function compactView(request: CompactionRequest): CompactionResult {
  const { log, settings, target } = request;
  const nonSystemTotal = log.total - log.systemTokens;
  const state = new CompactionState(log, settings, nonSystemTotal);
  const budgetForMessages = target - request.systemTokens;
  const recent = settings.protected_recent;
  const levels: Array<() => boolean> = [
    () => truncateBand(state, 0, 0.25, budgetForMessages),
    () => truncateBand(state, 0.25, 0.5, budgetForMessages),
    () => removeOldest(state, recent, budgetForMessages),
    () => truncateBand(state, 0.5, 0.75, budgetForMessages),
    () => removeOldest(state, recent * 0.6, budgetForMessages),
    () => truncateBand(state, 0, 1, budgetForMessages),
    () => removeOldest(state, recent * 0.3, budgetForMessages),
    () => compactUsers(state, recent * 0.3, budgetForMessages),
  ];
  const levels_applied: number[] = [];
  let strategy_level = 1;
  for (const [position, level] of levels.entries()) {
    if (state.total <= budgetForMessages) break;
    strategy_level = position + 1;
    if (level()) levels_applied.push(position + 1);
  }
  const kept: Message[] = [];
  for (const index of state.order) if (state.alive[index] === 1) kept.push(state.current(index));
  const summary: CompactionSummary = {
    before_tokens: nonSystemTotal + request.systemTokens,
    after_tokens: request.systemTokens + state.total,
    before_messages: state.order.length + request.systemMessages.length,
    levels_applied,
    strategy_level,
    system_messages_preserved: request.systemMessages.length,
    ...state.counts,
  };
  const notice = request.notice?.(summary);
  const messages = notice ? [...request.systemMessages, notice, ...kept] : [...request.systemMessages, ...kept];
  const noticeTokens = notice ? estimateMessageTokens(notice) : 0;
  return {
    messages,
    report: { ...summary, after_tokens: summary.after_tokens + noticeTokens, after_messages: messages.length },
  };
}
