/**
 * A span that is open, with the context its children start in and the time of the last event that
 * touched it. Times are always passed explicitly (the module's clock): a span can then be ended
 * later than its closing event arrived (to collect the content blocks that follow a model's answer)
 * and still end when that event said so.
 */
import {
  type Attributes,
  type Context,
  type Link,
  ROOT_CONTEXT,
  type Span,
  type SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { AMPLIFIER, ERROR_TYPE } from "./semconv.ts";

/** What a span starts with. */
export interface SpanStart {
  readonly name: string;
  readonly kind: SpanKind;
  readonly attributes: Attributes;
  readonly time: number;
  /** The parent's context; none makes a root span. */
  readonly parent?: Context | undefined;
  readonly links?: Link[] | undefined;
}

/** An open span of a turn. */
export class OpenSpan {
  readonly span: Span;
  /** The context children of this span start in. */
  readonly context: Context;
  #last: number;
  #ended = false;

  constructor(tracer: Tracer, start: SpanStart) {
    this.span = tracer.startSpan(
      start.name,
      {
        kind: start.kind,
        attributes: start.attributes,
        startTime: start.time,
        ...(start.links === undefined ? {} : { links: start.links }),
      },
      start.parent ?? ROOT_CONTEXT,
    );
    this.context = trace.setSpan(start.parent ?? ROOT_CONTEXT, this.span);
    this.#last = start.time;
  }

  /** The time of the latest event that touched this span. */
  get last(): number {
    return this.#last;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Notes that an event touched the span at `time`. */
  touch(time: number): void {
    this.#last = Math.max(this.#last, time);
  }

  set(attributes: Attributes): void {
    this.span.setAttributes(attributes);
  }

  /** Marks the span failed: `error.type` and an error status. */
  fail(errorType: string, message?: string): void {
    this.span.setAttribute(ERROR_TYPE, errorType);
    this.span.setStatus(
      message === undefined ? { code: SpanStatusCode.ERROR } : { code: SpanStatusCode.ERROR, message },
    );
  }

  /** Ends the span at `time` (at most once). */
  end(time: number = this.#last): void {
    if (this.#ended) return;
    this.#ended = true;
    this.span.end(Math.max(time, this.#last));
  }

  /** Ends a span whose own closing event never came, saying what ended it. */
  endUnfinished(endedBy: string, errorType?: string): void {
    if (this.#ended) return;
    this.span.setAttribute(AMPLIFIER.ENDED_BY, endedBy);
    if (errorType !== undefined) this.fail(errorType);
    this.end();
  }
}
