/**
 * The data each kernel event carries, by name: what `hooks.register`, `hooks.observe`, the web
 * client's `onEvent` and the Cloudflare event stream hand over. Every payload is open (modules and
 * hooks may add fields, `modify` may replace them), so each type names the fields the kernel sets
 * and allows more. A name outside the map (a module's own event) carries a plain record.
 */
import type { HookHandlerReturn, MaybePromise } from "../contracts.ts";
import type { SessionLifecycleStatus } from "../models/session-status.ts";
import type { ToolResult } from "../models/tool-result.ts";
import type { Usage } from "../models/usage.ts";
import type { ModuleLoadFailureReason } from "./events.ts";

/** What every event carries: the registry's default fields and the time of emission. */
export type EventBase = {
  session_id?: string;
  parent_id?: string | null;
  /** ISO 8601, UTC. */
  timestamp?: string;
  [field: string]: unknown;
};

/** An error as the loop reports it: the original's class name and message. */
export type EventError = { type: string; msg: string; kind?: string };

/** The tool call a `tool:*` event is about. */
export type ToolEventData = EventBase & {
  tool_name: string;
  tool_call_id: string;
  tool_input: Record<string, unknown>;
};

/** The data of each event the kernel emits, by name. */
export interface KernelEventMap {
  "session:start": EventBase & { session_id: string; parent_id: string | null };
  "session:resume": EventBase & { session_id: string; parent_id: string | null };
  "session:end": EventBase & { session_id: string; status: SessionLifecycleStatus };
  "prompt:submit": EventBase & { prompt: string };
  "prompt:complete": EventBase & { response_preview: string; length: number };
  "execution:start": EventBase & { prompt: string };
  "execution:end": EventBase & { response: string; status: string; error?: string };
  "orchestrator:complete": EventBase & {
    orchestrator: string;
    turn_count: number;
    status: string;
  };
  "provider:request": EventBase & { provider: string; iteration: number; max_reached?: boolean };
  "provider:response": EventBase & {
    provider: string;
    usage: Usage | null;
    tool_calls: boolean;
    /** Why the model stopped, when the provider said (`end_turn`, `tool_use`, `max_tokens`, ...). */
    finish_reason?: string;
    /** The model that answered, when the provider reported it. */
    response_model?: string;
    /** The provider's id of the response, when it has one. */
    response_id?: string;
  };
  "provider:error": EventBase & {
    provider: string;
    error: EventError;
    retryable?: boolean;
    status_code?: number;
  };
  "llm:request": EventBase & { provider: string; model?: string };
  "llm:response": EventBase & { provider: string; model?: string; status: string };
  "content_block:start": EventBase & { block_type: string; block_index: number };
  "content_block:delta": EventBase & {
    block_index: number;
    block_type: string;
    delta: string;
    tool_call_id?: string;
  };
  "content_block:end": EventBase & { block_index: number; block?: unknown };
  "context:compaction": EventBase & {
    before_tokens: number;
    after_tokens: number;
    before_messages: number;
    after_messages: number;
    /** The levels that changed something, and the highest reached (1-8). */
    levels_applied: number[];
    strategy_level: number;
    budget: number;
    target: number;
    over_budget: boolean;
    /** Where the token counts came from (`provider` or an estimate). */
    token_source: string;
    compaction_count: number;
    /** How long building the compacted view took, by the context's clock. */
    duration_ms: number;
  };
  "thinking:delta": EventBase & { block_index: number; delta: string };
  "thinking:final": EventBase & { block_index: number; thinking: string; signature?: string };
  "tool:pre": ToolEventData;
  "tool:post": ToolEventData & { result: ToolResult };
  "tool:error": ToolEventData & { error: EventError };
  "cancel:requested": EventBase;
  "cancel:completed": EventBase & { was_immediate: boolean; turn_count: number };
  "approval:required": EventBase & {
    request_id?: string;
    /** The tool call the question is about, when the approval came from a `tool:pre` hook. */
    tool_call_id?: string;
    tool_name?: string;
    prompt: string;
    options: string[];
    timeout?: number;
    default?: string;
  };
  "approval:granted": EventBase & { request_id?: string; decision?: string; timed_out?: boolean };
  "approval:denied": EventBase & { request_id?: string; decision?: string; timed_out?: boolean };
  "module:load_failed": EventBase & {
    module_type: string;
    module_id: string;
    error: string;
    reason_code: ModuleLoadFailureReason;
    instance_id?: string;
  };
  /** A sandboxed module started (`restart` 0); `module` is the plan's module id. */
  "sandbox:started": EventBase & { module: string; restart: number };
  /** A killed sandbox was restarted by its policy (`restart` 1 for the first). */
  "sandbox:restarted": EventBase & { module: string; restart: number };
  /** A sandboxed module broke a limit and was killed (`reason`: the limit, e.g. `timeout`, `memory`). */
  "sandbox:killed": EventBase & {
    module: string;
    reason: string;
    message: string;
    restarts_left: number;
  };
  "storage:repaired": EventBase & { repairs?: unknown };
  "storage:failed": EventBase & { operation: string; error?: unknown };
  /**
   * A sandboxed module was refused something its grants do not allow (`capability`: `fetch`,
   * `secrets`, `capabilities`, `transcript`, `storage`, `hooks`, `inject`, `display`, `approval`,
   * `names` or `events`); the module keeps running.
   */
  "policy:violation": EventBase & {
    module: string;
    capability: string;
    /** What the module tried: `fetch`, `redirect`, `register`, `read`, `emit`, ... */
    action: string;
    /** The host, capability, event, name or key concerned. */
    target: string;
    reason: string;
    message?: string;
  };
  "user:notification": EventBase & { message?: string; level?: string };
}

/** A name of {@link KernelEventMap}. */
export type KnownEventName = keyof KernelEventMap;

/** The data of event `E`: its entry in {@link KernelEventMap}, or a plain record for any other name. */
export type EventData<E extends string> = E extends KnownEventName ? KernelEventMap[E] : EventBase;

/** A hook handler for event `E`: its data typed by name. Returning nothing means continue. */
export type EventHandler<E extends string> = (event: E, data: EventData<E>) => MaybePromise<HookHandlerReturn>;

/**
 * True when `event` is the event named `name`, narrowing its data (for `{ name, data }` events:
 * the web client's and the Cloudflare stream's).
 *
 * @example
 * if (isEvent(event, "tool:pre")) showCall(event.data.tool_call_id, event.data.tool_name);
 */
export function isEvent<E extends KnownEventName>(
  event: { name: string; data: unknown },
  name: E,
): event is { name: E; data: EventData<E> } {
  return event.name === name;
}
