/**
 * The span of one model call (`chat {model}`). It starts when the provider says it calls the
 * model (`llm:request`, with the model on the span from its start, as the conventions ask), so that
 * the hooks of `provider:request` and the compaction of the view come before it; a provider that
 * never says so is traced from the loop's `provider:request` to its `provider:response`.
 */
import { type Attributes, type Context, SpanKind, type Tracer } from "@opentelemetry/api";
import {
  errorMessageOf,
  errorTypeOf,
  number,
  requestAttributes,
  responseAttributes,
  retryAttributes,
  text,
} from "./attributes.ts";
import type { ContentRecorder } from "./content.ts";
import { OpenSpan } from "./open-span.ts";
import { AMPLIFIER, GEN_AI, OPERATION, SPAN_EVENT } from "./semconv.ts";

type Data = Record<string, unknown>;

/** One model call of a turn. */
export class ChatCall {
  readonly #tracer: Tracer;
  readonly #parent: Context;
  #start: number;
  readonly #base: Attributes;
  #open: OpenSpan | undefined;
  /** When the answer came (the span ends then, even if it is ended later). */
  #answeredAt: number | undefined;
  #finishReason: string | undefined;
  readonly #blocks: unknown[] = [];

  constructor(tracer: Tracer, parent: Context, data: Data, time: number) {
    this.#tracer = tracer;
    this.#parent = parent;
    this.#start = time;
    const provider = text(data, "provider");
    this.#base = {
      [GEN_AI.OPERATION_NAME]: OPERATION.CHAT,
      ...(provider === undefined ? {} : { [AMPLIFIER.PROVIDER_MOUNT]: provider }),
      ...(number(data, "iteration") === undefined ? {} : { [AMPLIFIER.ITERATION]: number(data, "iteration") }),
    };
  }

  /** The open span, if it was created. */
  get span(): OpenSpan | undefined {
    return this.#open;
  }

  /** True once the provider answered or failed. */
  get answered(): boolean {
    return this.#answeredAt !== undefined;
  }

  /** `llm:request`: the provider names itself and the model; the span is created here. */
  request(data: Data, time: number): void {
    if (this.#open) return;
    this.#start = time;
    const model = text(data, "model");
    const provider = text(data, "provider") ?? (this.#base[AMPLIFIER.PROVIDER_MOUNT] as string | undefined);
    this.#create(model, provider, requestAttributes(data));
  }

  /** `provider:retry`: a span event on the call. */
  retry(data: Data, time: number): void {
    const span = this.#ensure();
    span.span.addEvent(SPAN_EVENT.PROVIDER_RETRY, retryAttributes(data), time);
    span.touch(time);
  }

  /** `provider:response`: usage, finish reason, the answering model and id. Returns the usage seen. */
  response(data: Data, time: number): { input: number; output: number } {
    const span = this.#ensure();
    span.set(responseAttributes(data));
    this.#finishReason = text(data, "finish_reason");
    this.#answeredAt = time;
    span.touch(time);
    const usage = (data.usage ?? {}) as Data;
    return { input: number(usage, "input_tokens") ?? 0, output: number(usage, "output_tokens") ?? 0 };
  }

  /** `provider:error`: the error's class (RateLimitError, ...) as `error.type`. */
  error(data: Data, time: number): void {
    const span = this.#ensure();
    span.fail(errorTypeOf(data, "provider_failed"), errorMessageOf(data));
    this.#answeredAt = time;
    span.touch(time);
  }

  /** `content_block:end`: a block of the answer, kept for the output content. */
  block(data: Data): void {
    if (data.block !== undefined) this.#blocks.push(data.block);
  }

  /** Ends the span: at the answer's time, or (never answered) at the last event's, saying so. */
  end(content: ContentRecorder | undefined, endedBy: string): void {
    const span = this.#ensure();
    if (content !== undefined && this.#blocks.length > 0) {
      span.set({ [GEN_AI.OUTPUT_MESSAGES]: content.completion(this.#blocks, this.#finishReason) });
    }
    if (this.#answeredAt === undefined) span.endUnfinished(endedBy, "not_completed");
    else span.end(this.#answeredAt);
  }

  #ensure(): OpenSpan {
    if (this.#open) return this.#open;
    const provider = this.#base[AMPLIFIER.PROVIDER_MOUNT] as string | undefined;
    return this.#create(undefined, provider, {});
  }

  #create(model: string | undefined, provider: string | undefined, attributes: Attributes): OpenSpan {
    this.#open = new OpenSpan(this.#tracer, {
      name: model === undefined ? OPERATION.CHAT : `${OPERATION.CHAT} ${model}`,
      kind: SpanKind.CLIENT,
      attributes: {
        ...this.#base,
        ...(provider === undefined ? {} : { [GEN_AI.PROVIDER_NAME]: provider, [GEN_AI.SYSTEM]: provider }),
        ...attributes,
      },
      time: this.#start,
      parent: this.#parent,
    });
    return this.#open;
  }
}
