/**
 * One session's tracing: opens a turn's spans on `execution:start` (or on the first event of a turn
 * whose orchestrator skips it), routes the turn's events to them, ends them on `execution:end`, and
 * records what happens between turns (a sandbox killed while idle) as a span of its own. A child
 * session (`session:fork`) continues its parent's trace inside the span that spawned it, or links
 * to it when the parent has moved on.
 */
import {
  type Context,
  type Link,
  ROOT_CONTEXT,
  type SpanContext,
  SpanKind,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { policyAttributes, sandboxAttributes, text } from "./attributes.ts";
import type { ContentRecorder } from "./content.ts";
import { OpenSpan } from "./open-span.ts";
import { GEN_AI, SPAN_EVENT } from "./semconv.ts";
import { TurnTrace } from "./turn-trace.ts";

type Data = Record<string, unknown>;

/** Where a child session's turns hang: a span of its parent, and whether it is still running. */
export interface ForkPoint {
  readonly spanContext: SpanContext;
  readonly isOpen: () => boolean;
}

/** The sessions traced in this realm, by id, so a child can find its parent's trace. */
export type SessionTraces = Map<string, SessionTrace>;

/** What a session trace is made of. */
export interface SessionTraceOptions {
  readonly tracer: Tracer;
  readonly now: () => number;
  readonly content: ContentRecorder | undefined;
  readonly sessionId: string;
  readonly agentName: string;
  readonly sessions: SessionTraces;
  /** Called when a turn's span records: the module then listens to the rest of the turn's events. */
  readonly onRecordingTurn: () => void;
}

/** Events that open a turn when none is open (an orchestrator that skips `execution:start`). */
const TURN_OPENERS = new Set(["prompt:submit", "provider:request", "llm:request", "tool:pre"]);

/** Span events recorded on whatever runs when they happen. */
const NOTES: Readonly<
  Record<string, { name: string; attributes: (data: Data) => ReturnType<typeof policyAttributes> }>
> = {
  "sandbox:killed": { name: SPAN_EVENT.SANDBOX_KILLED, attributes: sandboxAttributes },
  "sandbox:started": { name: SPAN_EVENT.SANDBOX_STARTED, attributes: sandboxAttributes },
  "sandbox:restarted": { name: SPAN_EVENT.SANDBOX_RESTARTED, attributes: sandboxAttributes },
  "policy:violation": { name: SPAN_EVENT.POLICY_VIOLATION, attributes: policyAttributes },
};

/** Notes worth a span of their own when no turn is running. */
const IDLE_NOTES = new Set(["sandbox:killed", "policy:violation"]);

/** The tracing of one mounted session. */
export class SessionTrace {
  readonly #options: SessionTraceOptions;
  #turn: TurnTrace | undefined;
  #lastTurn: SpanContext | undefined;
  #fork: { parentSessionId: string; point: ForkPoint | undefined } | undefined;

  constructor(options: SessionTraceOptions) {
    this.#options = options;
    options.sessions.set(options.sessionId, this);
  }

  /** The span a child forked now would continue in: the one tool call running, else the turn. */
  forkPoint(): ForkPoint | undefined {
    const turn = this.#turn;
    if (turn?.recording) {
      const span = turn.innermost;
      return { spanContext: span.span.spanContext(), isOpen: () => !span.ended };
    }
    const last = this.#lastTurn;
    return last === undefined ? undefined : { spanContext: last, isOpen: () => false };
  }

  /** Routes one event. */
  handle(event: string, data: Data): void {
    const time = this.#options.now();
    switch (event) {
      case "execution:start":
        this.#startTurn(data, time, false);
        return;
      case "execution:end":
        this.#endTurn(data, time);
        return;
      case "orchestrator:complete":
        if (this.#turn?.implicit) this.#endTurn(data, time);
        return;
      case "session:fork":
        this.#forked(data);
        return;
      case "session:end":
        this.dispose("session_end");
        return;
    }
    const note = NOTES[event];
    if (note !== undefined) {
      this.#note(event, note.name, note.attributes(data), time);
      return;
    }
    if (this.#turn === undefined && TURN_OPENERS.has(event)) this.#startTurn({}, time, true);
    if (this.#turn?.recording) this.#turn.handle(event, data, time);
  }

  /** Ends whatever is open (at cleanup) and forgets the session. */
  dispose(endedBy: string): void {
    this.#turn?.end({}, this.#options.now(), endedBy);
    this.#turn = undefined;
    if (this.#options.sessions.get(this.#options.sessionId) === this) {
      this.#options.sessions.delete(this.#options.sessionId);
    }
  }

  #startTurn(data: Data, time: number, implicit: boolean): void {
    this.#turn?.end({}, time, "next_turn");
    const { parent, links } = this.#placement();
    this.#turn = new TurnTrace({
      tracer: this.#options.tracer,
      content: this.#options.content,
      sessionId: this.#options.sessionId,
      parentSessionId: this.#fork?.parentSessionId,
      agentName: this.#options.agentName,
      parent,
      links,
      implicit,
      prompt: text(data, "prompt"),
      time,
    });
    if (this.#turn.recording) this.#options.onRecordingTurn();
  }

  #endTurn(data: Data, time: number): void {
    const turn = this.#turn;
    if (turn === undefined) return;
    this.#turn = undefined;
    turn.end(data, time);
    this.#lastTurn = turn.root.span.spanContext();
  }

  /** A child's turn: inside its parent's span while that runs, else a root span linked to it. */
  #placement(): { parent: Context | undefined; links: Link[] | undefined } {
    const point = this.#fork?.point;
    if (point === undefined) return { parent: undefined, links: undefined };
    if (point.isOpen()) {
      return { parent: trace.setSpanContext(ROOT_CONTEXT, point.spanContext), links: undefined };
    }
    return { parent: undefined, links: [{ context: point.spanContext }] };
  }

  #forked(data: Data): void {
    const parentSessionId = text(data, "parent");
    if (parentSessionId === undefined) return;
    this.#fork = { parentSessionId, point: this.#options.sessions.get(parentSessionId)?.forkPoint() };
  }

  #note(event: string, name: string, attributes: ReturnType<typeof policyAttributes>, time: number): void {
    if (this.#turn !== undefined) {
      if (this.#turn.recording) this.#turn.note(name, attributes, time);
      return;
    }
    if (!IDLE_NOTES.has(event)) return;
    const span = new OpenSpan(this.#options.tracer, {
      name,
      kind: SpanKind.INTERNAL,
      attributes: { ...attributes, [GEN_AI.CONVERSATION_ID]: this.#options.sessionId },
      time,
    });
    span.end(time);
  }
}
