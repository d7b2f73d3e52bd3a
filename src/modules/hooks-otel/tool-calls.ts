/**
 * The spans of a turn's tool calls (`execute_tool {name}`), by call id, and of their approvals
 * (`approval {name}`, children of the call they ask about). A call that a hook denied has no
 * closing event; it ends with the turn (or the next model call) at the time of its last event.
 */
import { type Context, SpanKind, type Tracer } from "@opentelemetry/api";
import { defined, errorMessageOf, errorTypeOf, record, text } from "./attributes.ts";
import type { ContentRecorder } from "./content.ts";
import { OpenSpan } from "./open-span.ts";
import { AMPLIFIER, GEN_AI, OPERATION, SPAN_NAME } from "./semconv.ts";

type Data = Record<string, unknown>;

interface ToolCallState {
  readonly span: OpenSpan;
  approvalDenied: boolean;
}

/** The key of a call: its id, else its tool name (approvals of callers that send no id). */
function keyOf(data: Data): string {
  return text(data, "tool_call_id") ?? `tool:${text(data, "tool_name") ?? "unknown"}`;
}

/** Tool calls and approvals of one turn. */
export class ToolCalls {
  readonly #tracer: Tracer;
  readonly #parent: Context;
  readonly #content: ContentRecorder | undefined;
  readonly #calls = new Map<string, ToolCallState>();
  readonly #approvals = new Map<string, OpenSpan>();

  constructor(tracer: Tracer, parent: Context, content: ContentRecorder | undefined) {
    this.#tracer = tracer;
    this.#parent = parent;
    this.#content = content;
  }

  /** The one call running now, if exactly one is (where a sandbox's kill is reported). */
  get soleOpen(): OpenSpan | undefined {
    let found: OpenSpan | undefined;
    for (const { span } of this.#calls.values()) {
      if (span.ended) continue;
      if (found) return undefined;
      found = span;
    }
    return found;
  }

  /** `tool:pre`: the call starts. */
  start(data: Data, time: number): OpenSpan {
    const key = keyOf(data);
    this.#calls.get(key)?.span.endUnfinished("restarted_call");
    const name = text(data, "tool_name") ?? "unknown";
    const span = new OpenSpan(this.#tracer, {
      name: `${OPERATION.EXECUTE_TOOL} ${name}`,
      kind: SpanKind.INTERNAL,
      attributes: defined({
        [GEN_AI.OPERATION_NAME]: OPERATION.EXECUTE_TOOL,
        [GEN_AI.TOOL_NAME]: name,
        [GEN_AI.TOOL_CALL_ID]: text(data, "tool_call_id"),
        [GEN_AI.TOOL_TYPE]: "function",
        [AMPLIFIER.TOOL_PARALLEL_GROUP]: text(data, "parallel_group_id"),
        [GEN_AI.TOOL_CALL_ARGUMENTS]: this.#content?.value(data.tool_input ?? {}),
      }),
      time,
      parent: this.#parent,
    });
    this.#calls.set(key, { span, approvalDenied: false });
    return span;
  }

  /** `tool:post`: the call returned a result (which may say it failed). */
  finish(data: Data, time: number): void {
    const span = this.#callSpan(data, time);
    const result = record(data, "result");
    const success = result.success === true;
    span.set({ [AMPLIFIER.TOOL_SUCCESS]: success });
    if (!success) {
      const error = record(result, "error");
      span.fail(text(error, "type") ?? text(error, "code") ?? "tool_failed", text(error, "message"));
    }
    if (this.#content) span.set({ [GEN_AI.TOOL_CALL_RESULT]: this.#content.value(result.output ?? null) });
    span.end(time);
  }

  /** `tool:error`: the call failed before it could return (unknown tool, bad input, a throw). */
  fail(data: Data, time: number): void {
    const span = this.#callSpan(data, time);
    span.set({ [AMPLIFIER.TOOL_SUCCESS]: false });
    span.fail(errorTypeOf(data, "tool_failed"), errorMessageOf(data));
    span.end(time);
  }

  /** `approval:required`: the user is asked; the approval span is a child of the call's. */
  approvalRequired(data: Data, time: number): void {
    const key = keyOf(data);
    this.#approvals.get(key)?.endUnfinished("asked_again");
    this.#approvals.set(key, this.#approvalSpan(data, time));
  }

  /** `approval:granted` / `approval:denied`: the answer, and how long the user took. */
  approvalDecided(data: Data, granted: boolean, time: number): void {
    const key = keyOf(data);
    const span = this.#approvals.get(key) ?? this.#approvalSpan(data, time);
    this.#approvals.delete(key);
    const call = this.#calls.get(key);
    if (call && !granted) call.approvalDenied = true;
    call?.span.touch(time);
    span.set(
      defined({
        [AMPLIFIER.APPROVAL_GRANTED]: granted,
        [AMPLIFIER.APPROVAL_DECISION]: text(data, "decision"),
        [AMPLIFIER.APPROVAL_REMEMBERED]: typeof data.remembered === "boolean" ? data.remembered : undefined,
        [AMPLIFIER.APPROVAL_REASON]: text(data, "reason"),
        [AMPLIFIER.APPROVAL_WAIT_MS]: Math.max(0, time - span.last),
      }),
    );
    span.end(time);
  }

  /** Ends every call and approval still open (a hook denied it, or the turn ended first). */
  endOpen(endedBy: string): void {
    for (const span of this.#approvals.values()) span.endUnfinished(endedBy, "not_answered");
    this.#approvals.clear();
    for (const { span, approvalDenied } of this.#calls.values()) {
      if (!span.ended) span.endUnfinished(endedBy, approvalDenied ? "approval_denied" : "not_completed");
    }
    this.#calls.clear();
  }

  #callSpan(data: Data, time: number): OpenSpan {
    const existing = this.#calls.get(keyOf(data));
    if (existing && !existing.span.ended) return existing.span;
    // `tool:error` for a call cut off by the output limit comes without `tool:pre`.
    return this.start(data, time);
  }

  #approvalSpan(data: Data, time: number): OpenSpan {
    const name = text(data, "tool_name") ?? "unknown";
    return new OpenSpan(this.#tracer, {
      name: `${SPAN_NAME.APPROVAL} ${name}`,
      kind: SpanKind.INTERNAL,
      attributes: defined({ [GEN_AI.TOOL_NAME]: name, [GEN_AI.TOOL_CALL_ID]: text(data, "tool_call_id") }),
      time,
      parent: this.#calls.get(keyOf(data))?.span.context ?? this.#parent,
    });
  }
}
