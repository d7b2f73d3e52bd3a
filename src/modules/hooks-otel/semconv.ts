/**
 * The attribute and span names hooks-otel writes: OpenTelemetry's GenAI semantic conventions
 * (development status) where they name the thing, and `amplifier.*` for what they do not cover
 * (approvals, compaction, sandboxes). Kept in one place so that the tests and the playground's
 * Trace view read the same names the module writes.
 */

/** `gen_ai.*` attribute names (GenAI semantic conventions). */
export const GEN_AI = Object.freeze({
  OPERATION_NAME: "gen_ai.operation.name",
  PROVIDER_NAME: "gen_ai.provider.name",
  /** The name conventions up to 1.36 used for the provider; many backends still read it. */
  SYSTEM: "gen_ai.system",
  CONVERSATION_ID: "gen_ai.conversation.id",
  AGENT_NAME: "gen_ai.agent.name",
  REQUEST_MODEL: "gen_ai.request.model",
  REQUEST_MAX_TOKENS: "gen_ai.request.max_tokens",
  REQUEST_STREAM: "gen_ai.request.stream",
  RESPONSE_MODEL: "gen_ai.response.model",
  RESPONSE_ID: "gen_ai.response.id",
  RESPONSE_FINISH_REASONS: "gen_ai.response.finish_reasons",
  USAGE_INPUT_TOKENS: "gen_ai.usage.input_tokens",
  USAGE_OUTPUT_TOKENS: "gen_ai.usage.output_tokens",
  USAGE_CACHE_READ_INPUT_TOKENS: "gen_ai.usage.cache_read.input_tokens",
  USAGE_CACHE_CREATION_INPUT_TOKENS: "gen_ai.usage.cache_creation.input_tokens",
  USAGE_REASONING_OUTPUT_TOKENS: "gen_ai.usage.reasoning.output_tokens",
  TOOL_NAME: "gen_ai.tool.name",
  TOOL_CALL_ID: "gen_ai.tool.call.id",
  TOOL_TYPE: "gen_ai.tool.type",
  TOOL_CALL_ARGUMENTS: "gen_ai.tool.call.arguments",
  TOOL_CALL_RESULT: "gen_ai.tool.call.result",
  INPUT_MESSAGES: "gen_ai.input.messages",
  OUTPUT_MESSAGES: "gen_ai.output.messages",
} as const);

/** `error.type`: a low-cardinality name of what went wrong (a tool's error type, an LLM error class). */
export const ERROR_TYPE = "error.type";

/** The `gen_ai.operation.name` values used here. */
export const OPERATION = Object.freeze({
  INVOKE_AGENT: "invoke_agent",
  CHAT: "chat",
  EXECUTE_TOOL: "execute_tool",
} as const);

/** This kernel's own attribute names. */
export const AMPLIFIER = Object.freeze({
  SESSION_ID: "amplifier.session.id",
  PARENT_SESSION_ID: "amplifier.session.parent_id",
  TURN_STATUS: "amplifier.turn.status",
  /** The turn's span was opened by an event other than `execution:start` (an orchestrator that skips it). */
  TURN_IMPLICIT: "amplifier.turn.implicit",
  PROVIDER_MOUNT: "amplifier.provider.name",
  ITERATION: "amplifier.iteration",
  TOOL_PARALLEL_GROUP: "amplifier.tool.parallel_group_id",
  TOOL_SUCCESS: "amplifier.tool.success",
  APPROVAL_DECISION: "amplifier.approval.decision",
  APPROVAL_GRANTED: "amplifier.approval.granted",
  APPROVAL_REMEMBERED: "amplifier.approval.remembered",
  APPROVAL_WAIT_MS: "amplifier.approval.wait_ms",
  APPROVAL_REASON: "amplifier.approval.reason",
  COMPACTION_LEVELS: "amplifier.compaction.levels_applied",
  COMPACTION_STRATEGY_LEVEL: "amplifier.compaction.strategy_level",
  COMPACTION_BEFORE_TOKENS: "amplifier.compaction.before_tokens",
  COMPACTION_AFTER_TOKENS: "amplifier.compaction.after_tokens",
  COMPACTION_BEFORE_MESSAGES: "amplifier.compaction.before_messages",
  COMPACTION_AFTER_MESSAGES: "amplifier.compaction.after_messages",
  COMPACTION_BUDGET: "amplifier.compaction.budget",
  COMPACTION_TOKEN_SOURCE: "amplifier.compaction.token_source",
  COMPACTION_OVER_BUDGET: "amplifier.compaction.over_budget",
  MODULE_ID: "amplifier.module.id",
  SANDBOX_REASON: "amplifier.sandbox.reason",
  SANDBOX_MESSAGE: "amplifier.sandbox.message",
  SANDBOX_RESTARTS_LEFT: "amplifier.sandbox.restarts_left",
  SANDBOX_RESTART: "amplifier.sandbox.restart",
  POLICY_CAPABILITY: "amplifier.policy.capability",
  POLICY_ACTION: "amplifier.policy.action",
  POLICY_TARGET: "amplifier.policy.target",
  POLICY_REASON: "amplifier.policy.reason",
  RETRY_ATTEMPT: "amplifier.retry.attempt",
  RETRY_DELAY_MS: "amplifier.retry.delay_ms",
  /** Why a span was ended by something other than its own closing event. */
  ENDED_BY: "amplifier.ended_by",
} as const);

/** Names of span events (points in time inside a span). */
export const SPAN_EVENT = Object.freeze({
  SANDBOX_KILLED: "sandbox.killed",
  SANDBOX_STARTED: "sandbox.started",
  SANDBOX_RESTARTED: "sandbox.restarted",
  POLICY_VIOLATION: "policy.violation",
  PROVIDER_RETRY: "provider.retry",
  CANCEL_REQUESTED: "cancel.requested",
} as const);

/** Span names that are not `{operation} {target}`. */
export const SPAN_NAME = Object.freeze({
  APPROVAL: "approval",
  COMPACTION: "compaction",
} as const);
