/**
 * The spans of one turn: the turn itself (`invoke_agent {agent}`), its model calls, tool calls,
 * approvals and compactions as children, and sandbox and policy events as span events on whatever
 * was running when they happened. Structure comes from the order of events and from call ids,
 * never from async context, so it works where there is no AsyncLocalStorage.
 */
import { type Attributes, type Context, type Link, SpanKind, type Tracer } from "@opentelemetry/api";
import { compactionAttributes, defined, number, text } from "./attributes.ts";
import { ChatCall } from "./chat-call.ts";
import type { ContentRecorder } from "./content.ts";
import { OpenSpan } from "./open-span.ts";
import { AMPLIFIER, GEN_AI, OPERATION, SPAN_EVENT, SPAN_NAME } from "./semconv.ts";
import { ToolCalls } from "./tool-calls.ts";

type Data = Record<string, unknown>;

/** What a turn starts with. */
export interface TurnStart {
  readonly tracer: Tracer;
  readonly content: ContentRecorder | undefined;
  readonly sessionId: string;
  readonly parentSessionId: string | undefined;
  readonly agentName: string;
  /** The fork point of a child session whose parent is still inside that span. */
  readonly parent: Context | undefined;
  readonly links: Link[] | undefined;
  /** True when no `execution:start` opened the turn. */
  readonly implicit: boolean;
  readonly prompt: string | undefined;
  readonly time: number;
}

/** One turn's spans. */
export class TurnTrace {
  readonly root: OpenSpan;
  readonly implicit: boolean;
  readonly #tracer: Tracer;
  readonly #content: ContentRecorder | undefined;
  readonly #tools: ToolCalls;
  #chat: ChatCall | undefined;
  #inputTokens = 0;
  #outputTokens = 0;

  constructor(start: TurnStart) {
    this.#tracer = start.tracer;
    this.#content = start.content;
    this.implicit = start.implicit;
    this.root = new OpenSpan(start.tracer, {
      name: `${OPERATION.INVOKE_AGENT} ${start.agentName}`,
      kind: SpanKind.INTERNAL,
      attributes: defined({
        [GEN_AI.OPERATION_NAME]: OPERATION.INVOKE_AGENT,
        [GEN_AI.AGENT_NAME]: start.agentName,
        [GEN_AI.CONVERSATION_ID]: start.sessionId,
        [AMPLIFIER.SESSION_ID]: start.sessionId,
        [AMPLIFIER.PARENT_SESSION_ID]: start.parentSessionId,
        [AMPLIFIER.TURN_IMPLICIT]: start.implicit ? true : undefined,
        [GEN_AI.INPUT_MESSAGES]:
          start.content && start.prompt !== undefined ? start.content.textMessage("user", start.prompt) : undefined,
      }),
      time: start.time,
      parent: start.parent,
      links: start.links,
    });
    this.#tools = new ToolCalls(start.tracer, this.root.context, start.content);
  }

  /** False when the tracer provider records nothing (none registered, or sampled out). */
  get recording(): boolean {
    return this.root.span.isRecording();
  }

  /** The innermost span running now: the one tool call, else the model call, else the turn. */
  get innermost(): OpenSpan {
    return this.#tools.soleOpen ?? (this.#chat && !this.#chat.answered ? this.#chat.span : undefined) ?? this.root;
  }

  /** Routes one event of the turn. */
  handle(event: string, data: Data, time: number): void {
    if (event !== "content_block:end") this.#settleChat();
    this.root.touch(time);
    switch (event) {
      case "provider:request":
        this.#tools.endOpen("next_model_call");
        this.#chat = new ChatCall(this.#tracer, this.root.context, data, time);
        return;
      case "llm:request":
        this.#chatAt(data, time).request(data, time);
        return;
      case "provider:retry":
        this.#chatAt(data, time).retry(data, time);
        return;
      case "provider:response":
        this.#countUsage(this.#chatAt(data, time).response(data, time));
        return;
      case "provider:error":
        this.#chatAt(data, time).error(data, time);
        return;
      case "content_block:end":
        this.#chat?.block(data);
        return;
      default:
        this.#handleOther(event, data, time);
    }
  }

  /** Adds a span event (a sandbox kill, a policy violation) to the innermost span. */
  note(name: string, attributes: Attributes, time: number): void {
    const target = this.innermost;
    target.span.addEvent(name, attributes, time);
    target.touch(time);
  }

  /** Ends the turn and everything still open in it. */
  end(data: Data, time: number, endedBy?: string): void {
    this.#settleChat();
    this.#chat?.end(this.#content, endedBy ?? "turn_end");
    this.#chat = undefined;
    this.#tools.endOpen(endedBy ?? "turn_end");
    const status = text(data, "status");
    this.root.set(
      defined({
        [AMPLIFIER.TURN_STATUS]: status,
        [GEN_AI.USAGE_INPUT_TOKENS]: this.#inputTokens,
        [GEN_AI.USAGE_OUTPUT_TOKENS]: this.#outputTokens,
        [GEN_AI.OUTPUT_MESSAGES]:
          this.#content && typeof data.response === "string" && data.response !== ""
            ? this.#content.textMessage("assistant", data.response)
            : undefined,
      }),
    );
    if (status === "error") this.root.fail("execution_failed", text(data, "error"));
    if (endedBy !== undefined) this.root.endUnfinished(endedBy);
    else this.root.end(time);
  }

  #handleOther(event: string, data: Data, time: number): void {
    switch (event) {
      case "tool:pre":
        this.#tools.start(data, time);
        return;
      case "tool:post":
        this.#tools.finish(data, time);
        return;
      case "tool:error":
        this.#tools.fail(data, time);
        return;
      case "approval:required":
        this.#tools.approvalRequired(data, time);
        return;
      case "approval:granted":
      case "approval:denied":
        this.#tools.approvalDecided(data, event === "approval:granted", time);
        return;
      case "context:compaction":
        this.#compaction(data, time);
        return;
      case "cancel:requested":
        this.root.span.addEvent(SPAN_EVENT.CANCEL_REQUESTED, defined({ state: text(data, "state") }), time);
        return;
    }
  }

  /** A compaction as its own span, as long as the context says it took. */
  #compaction(data: Data, time: number): void {
    const duration = number(data, "duration_ms") ?? 0;
    const span = new OpenSpan(this.#tracer, {
      name: SPAN_NAME.COMPACTION,
      kind: SpanKind.INTERNAL,
      attributes: compactionAttributes(data),
      time: time - Math.max(0, duration),
      parent: this.root.context,
    });
    span.end(time);
  }

  /** The current model call; one a provider reports without `provider:request` starts here. */
  #chatAt(data: Data, time: number): ChatCall {
    this.#chat ??= new ChatCall(this.#tracer, this.root.context, data, time);
    return this.#chat;
  }

  /** Ends an answered model call once the content blocks that follow its answer have been seen. */
  #settleChat(): void {
    if (!this.#chat?.answered) return;
    this.#chat.end(this.#content, "turn_end");
    this.#chat = undefined;
  }

  #countUsage(usage: { input: number; output: number }): void {
    this.#inputTokens += usage.input;
    this.#outputTokens += usage.output;
  }
}
