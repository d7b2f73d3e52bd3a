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
  "thinking:delta": EventBase & { block_index: number; delta: string };
  "thinking:final": EventBase & { block_index: number; thinking: string; signature?: string };
  "tool:pre": ToolEventData;
  "tool:post": ToolEventData & { result: ToolResult };
  "tool:error": ToolEventData & { error: EventError };
  "cancel:requested": EventBase;
  "cancel:completed": EventBase & { was_immediate: boolean; turn_count: number };
  "approval:required": EventBase & {
    request_id?: string;
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
  "sandbox:started": EventBase & { module: string; restart: number };
  "sandbox:restarted": EventBase & { module: string; restart: number };
  "sandbox:killed": EventBase & {
    module: string;
    reason: string;
    message: string;
    restarts_left: number;
  };
  "storage:repaired": EventBase & { repairs?: unknown };
  "storage:failed": EventBase & { operation: string; error?: unknown };
  "policy:violation": EventBase;
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
