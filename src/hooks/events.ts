/**
 * Event names. The 43 canonical names are Amplifier's (`ALL_EVENTS`, with `module:load_failed`
 * from core PR #97); the kernel adds a few of its own (`EDGE_EVENTS`).
 */

// session
export const SESSION_START = "session:start";
export const SESSION_END = "session:end";
export const SESSION_FORK = "session:fork";
export const SESSION_RESUME = "session:resume";
// prompt / plan
export const PROMPT_SUBMIT = "prompt:submit";
export const PROMPT_COMPLETE = "prompt:complete";
export const PLAN_START = "plan:start";
export const PLAN_END = "plan:end";
// provider
export const PROVIDER_REQUEST = "provider:request";
export const PROVIDER_RESPONSE = "provider:response";
export const PROVIDER_RETRY = "provider:retry";
export const PROVIDER_ERROR = "provider:error";
export const PROVIDER_THROTTLE = "provider:throttle";
export const PROVIDER_TOOL_SEQUENCE_REPAIRED = "provider:tool_sequence_repaired";
export const PROVIDER_RESOLVE = "provider:resolve";
// llm / content
export const LLM_REQUEST = "llm:request";
export const LLM_RESPONSE = "llm:response";
export const CONTENT_BLOCK_START = "content_block:start";
export const CONTENT_BLOCK_DELTA = "content_block:delta";
export const CONTENT_BLOCK_END = "content_block:end";
export const THINKING_DELTA = "thinking:delta";
export const THINKING_FINAL = "thinking:final";
// tool
export const TOOL_PRE = "tool:pre";
export const TOOL_POST = "tool:post";
export const TOOL_ERROR = "tool:error";
// context
export const CONTEXT_PRE_COMPACT = "context:pre_compact";
export const CONTEXT_POST_COMPACT = "context:post_compact";
export const CONTEXT_COMPACTION = "context:compaction";
export const CONTEXT_INCLUDE = "context:include";
// orchestrator
export const ORCHESTRATOR_COMPLETE = "orchestrator:complete";
export const EXECUTION_START = "execution:start";
export const EXECUTION_END = "execution:end";
// misc
export const USER_NOTIFICATION = "user:notification";
export const ARTIFACT_WRITE = "artifact:write";
export const ARTIFACT_READ = "artifact:read";
export const POLICY_VIOLATION = "policy:violation";
// approval / cancel
export const APPROVAL_REQUIRED = "approval:required";
export const APPROVAL_GRANTED = "approval:granted";
export const APPROVAL_DENIED = "approval:denied";
export const CANCEL_REQUESTED = "cancel:requested";
export const CANCEL_COMPLETED = "cancel:completed";
// lifecycle
export const MODULE_ON_SESSION_READY_FAILED = "module:on_session_ready_failed";
/**
 * A provider, tool or hook failed to load or mount (core PR #97): `{ module_type, module_id, error }`,
 * plus this kernel's `reason_code` (and `instance_id` for a provider instance).
 */
export const MODULE_LOAD_FAILED = "module:load_failed";

/** The 43 canonical event names of Amplifier, in the original's order. */
export const ALL_EVENTS = Object.freeze([
  SESSION_START,
  SESSION_END,
  SESSION_FORK,
  SESSION_RESUME,
  PROMPT_SUBMIT,
  PROMPT_COMPLETE,
  PLAN_START,
  PLAN_END,
  PROVIDER_REQUEST,
  PROVIDER_RESPONSE,
  PROVIDER_RETRY,
  PROVIDER_ERROR,
  PROVIDER_THROTTLE,
  PROVIDER_TOOL_SEQUENCE_REPAIRED,
  PROVIDER_RESOLVE,
  LLM_REQUEST,
  LLM_RESPONSE,
  CONTENT_BLOCK_START,
  CONTENT_BLOCK_DELTA,
  CONTENT_BLOCK_END,
  THINKING_DELTA,
  THINKING_FINAL,
  TOOL_PRE,
  TOOL_POST,
  TOOL_ERROR,
  CONTEXT_PRE_COMPACT,
  CONTEXT_POST_COMPACT,
  CONTEXT_COMPACTION,
  CONTEXT_INCLUDE,
  ORCHESTRATOR_COMPLETE,
  EXECUTION_START,
  EXECUTION_END,
  USER_NOTIFICATION,
  ARTIFACT_WRITE,
  ARTIFACT_READ,
  POLICY_VIOLATION,
  APPROVAL_REQUIRED,
  APPROVAL_GRANTED,
  APPROVAL_DENIED,
  CANCEL_REQUESTED,
  CANCEL_COMPLETED,
  MODULE_ON_SESSION_READY_FAILED,
  MODULE_LOAD_FAILED,
] as const);

/** A canonical event name. */
export type CanonicalEventName = (typeof ALL_EVENTS)[number];

// Our own events.
/** A sandboxed module was started: `{ module, restart }` (restart 0). */
export const SANDBOX_STARTED = "sandbox:started";
/** A sandboxed module broke a limit and was killed: `{ module, reason, message, restarts_left }`. */
export const SANDBOX_KILLED = "sandbox:killed";
/** A killed sandbox was restarted by policy: `{ module, restart }` (1 for the first restart). */
export const SANDBOX_RESTARTED = "sandbox:restarted";
/** A store repaired stored history (orphaned tool calls): `{ session_id, repairs }`. */
export const STORAGE_REPAIRED = "storage:repaired";
/** A store operation failed: `{ operation, error }`. */
export const STORAGE_FAILED = "storage:failed";
/** The session's (redacted) config, when `session.raw` is set: `{ session_id, raw }`. */
export const SESSION_CONFIG = "session:config";

/** Events of this kernel that the original does not have. */
export const EDGE_EVENTS = Object.freeze([
  SANDBOX_STARTED,
  SANDBOX_KILLED,
  SANDBOX_RESTARTED,
  STORAGE_REPAIRED,
  STORAGE_FAILED,
  SESSION_CONFIG,
] as const);

/** An event name of this kernel's own. */
export type EdgeEventName = (typeof EDGE_EVENTS)[number];

/** Any event name: modules may emit their own (`my-module:started`), so any string is allowed. */
export type EventName = CanonicalEventName | EdgeEventName | (string & {});

/** Reason codes carried by `module:load_failed`. */
export type ModuleLoadFailureReason =
  | "module_not_found"
  | "sandbox_unavailable"
  | "invalid_config"
  | "mount_failed"
  | "mount_timeout"
  | "validation_failed"
  | "duplicate_instance";
