/**
 * What every provider call goes through, whatever the wire: `llm:request` / `llm:response` events,
 * retries with backoff for retryable failures (`provider:retry`), a per-attempt timeout, and
 * cancellation through the caller's AbortSignal.
 */
import { KernelError } from "../../errors.ts";
import { LLM_REQUEST, LLM_RESPONSE, PROVIDER_RETRY, PROVIDER_TOOL_SEQUENCE_REPAIRED } from "../../hooks/events.ts";
import type { ChatRequest, ChatResponse, StreamEvent } from "../../models/index.ts";
import { llmError } from "../../models/llm-error.ts";
import type { TokenCalibration } from "../shared/token-calibration.ts";
import { estimateRequestTokens } from "../shared/token-estimate.ts";
import { cancelledError } from "./abort.ts";
import { failurePayload, requestSummary, responsePayload, retryPayload } from "./call-events.ts";
import { type RetryEnvironment, type RetryPolicy, withRetries } from "./retry.ts";
import { repairToolSequence } from "./tool-sequence.ts";

/** Where provider events go: `coordinator.hooks` (only `emit` is used). */
export interface EventSink {
  emit(event: string, data: Record<string, unknown>): Promise<unknown>;
}

/** The per-call knobs a provider has after its config is parsed. */
export interface CallSettings {
  /** Provider name in events (`anthropic`, `openai`, ...). */
  readonly provider: string;
  readonly hooks?: EventSink | undefined;
  readonly policy: RetryPolicy;
  readonly environment: RetryEnvironment;
  /** Clock for `duration_ms`. */
  readonly now: () => number;
  /** Per-attempt timeout (for streams: until the response headers arrive). */
  readonly timeout_ms?: number | undefined;
  readonly debug?: boolean | undefined;
  /** Learns the ratio of reported to estimated input tokens from each answer's usage. */
  readonly calibration?: TokenCalibration | undefined;
}

/** What one attempt gets. */
export interface AttemptContext {
  readonly model: string;
  /** Aborts on the caller's cancellation or the attempt's timeout. */
  readonly signal: AbortSignal;
  /** Emits `llm:request:raw` / `llm:response:raw` when debug is on. */
  readonly raw: (direction: "request" | "response", body: unknown) => Promise<void>;
}

/** One wire protocol, one attempt at a time. */
export interface WireAdapter<Prepared> {
  /** Turns the request into the wire form once per call (validation errors are not retried). */
  prepare(request: ChatRequest, options: { extended_thinking?: boolean | undefined }): Prepared;
  /** The model a prepared request targets. */
  model(prepared: Prepared): string;
  complete(prepared: Prepared, attempt: AttemptContext): Promise<ChatResponse>;
  /** Resolves once the server has accepted the stream; the iterable ends with `done`. */
  openStream(prepared: Prepared, attempt: AttemptContext): Promise<AsyncIterable<StreamEvent>>;
  /** The exact input tokens of the prepared request, for APIs that can count them. */
  countTokens?(prepared: Prepared, attempt: AttemptContext): Promise<number>;
}

/** Options of a call. */
export interface CallOptions {
  readonly signal?: AbortSignal | undefined;
  readonly extended_thinking?: boolean | undefined;
}

/**
 * A call of `complete()`: events, retries, timeout, cancellation.
 *
 * @throws KernelError `cancelled` or `provider_failed` (with LLM error data).
 */
export async function runComplete<P>(
  settings: CallSettings,
  adapter: WireAdapter<P>,
  request: ChatRequest,
  options: CallOptions = {},
): Promise<ChatResponse> {
  const { prepared, model, sent } = await prepare(settings, adapter, request, options);
  const started = settings.now();
  await emit(settings, LLM_REQUEST, requestSummary(settings, request, model, false));
  try {
    const response = await withRetries(
      (attempt) =>
        attemptWithTimeout(settings, options.signal, model, (context) => adapter.complete(prepared, context), attempt),
      {
        policy: settings.policy,
        environment: settings.environment,
        signal: options.signal,
        onRetry: (notice) => emit(settings, PROVIDER_RETRY, retryPayload(settings, model, notice)),
      },
    );
    calibrate(settings, sent, response);
    await emit(settings, LLM_RESPONSE, responsePayload(settings, model, started, response));
    return response;
  } catch (error) {
    await emit(settings, LLM_RESPONSE, failurePayload(settings, model, started, error));
    throw error;
  }
}

/**
 * A call of `stream()`. The connection, and the stream up to its first event, are retried; once an
 * event has been yielded a failure ends the stream (the consumer has already shown part of it).
 *
 * @throws KernelError `cancelled` or `provider_failed` (with LLM error data).
 */
export async function* runStream<P>(
  settings: CallSettings,
  adapter: WireAdapter<P>,
  request: ChatRequest,
  options: CallOptions = {},
): AsyncGenerator<StreamEvent, void, undefined> {
  const { prepared, model, sent } = await prepare(settings, adapter, request, options);
  const started = settings.now();
  await emit(settings, LLM_REQUEST, requestSummary(settings, request, model, true));
  let iterator: AsyncIterator<StreamEvent> | undefined;
  let finished = false;
  let reported = false;
  try {
    const opened = await withRetries(
      async (attempt) => {
        const stream = await attemptWithTimeout(
          settings,
          options.signal,
          model,
          (context) => adapter.openStream(prepared, context),
          attempt,
        );
        const candidate = stream[Symbol.asyncIterator]();
        try {
          return { iterator: candidate, first: await candidate.next() };
        } catch (error) {
          throw normaliseAbort(error, options.signal);
        }
      },
      {
        policy: settings.policy,
        environment: settings.environment,
        signal: options.signal,
        onRetry: (notice) => emit(settings, PROVIDER_RETRY, retryPayload(settings, model, notice)),
      },
    );
    iterator = opened.iterator;
    let next = opened.first;
    while (!next.done) {
      const event = next.value;
      if (event.type === "done") {
        finished = true;
        reported = true;
        calibrate(settings, sent, event.response);
        await emit(settings, LLM_RESPONSE, responsePayload(settings, model, started, event.response));
      }
      yield event;
      if (finished) return;
      try {
        next = await iterator.next();
      } catch (error) {
        throw normaliseAbort(error, options.signal);
      }
    }
    throw llmError("stream", `${settings.provider}: the stream ended without a final response.`, {
      provider: settings.provider,
      model,
    });
  } catch (error) {
    reported = true;
    await emit(settings, LLM_RESPONSE, failurePayload(settings, model, started, error));
    throw error;
  } finally {
    // Stopping early (break, abort) closes the underlying HTTP stream.
    if (!finished) await iterator?.return?.().catch(() => undefined);
    if (!reported) {
      const stopped = new KernelError("cancelled", `${settings.provider}: the consumer stopped reading the stream`);
      await emit(settings, LLM_RESPONSE, failurePayload(settings, model, started, stopped));
    }
  }
}

/**
 * Counts the input tokens of `request` with the API's own counter, retried and timed out like a
 * call (no `llm:*` events: nothing is generated). The count also calibrates the estimate.
 *
 * @throws KernelError `cancelled` or `provider_failed`.
 */
export async function runCountTokens<P>(
  settings: CallSettings,
  adapter: WireAdapter<P>,
  request: ChatRequest,
  options: CallOptions = {},
): Promise<number> {
  const count = adapter.countTokens?.bind(adapter);
  if (!count) throw new KernelError("internal", `${settings.provider}: this API cannot count tokens`);
  const { prepared, model, sent } = await prepare(settings, adapter, request, options);
  const tokens = await withRetries(
    (attempt) => attemptWithTimeout(settings, options.signal, model, (context) => count(prepared, context), attempt),
    { policy: settings.policy, environment: settings.environment, signal: options.signal },
  );
  settings.calibration?.observe(estimateRequestTokens(sent), tokens);
  return tokens;
}

/** Learns the ratio of the input tokens the answer reports to the estimate of what was sent. */
function calibrate(settings: CallSettings, sent: ChatRequest, response: ChatResponse): void {
  const reported = response.usage?.input_tokens;
  if (settings.calibration && reported !== undefined)
    settings.calibration.observe(estimateRequestTokens(sent), reported);
}

async function prepare<P>(settings: CallSettings, adapter: WireAdapter<P>, request: ChatRequest, options: CallOptions) {
  const { messages, repairs } = repairToolSequence(request.messages);
  const sent = repairs.length === 0 ? request : { ...request, messages };
  const prepared = adapter.prepare(sent, options);
  const model = adapter.model(prepared);
  if (repairs.length > 0) {
    await emit(settings, PROVIDER_TOOL_SEQUENCE_REPAIRED, { provider: settings.provider, model, repairs });
  }
  return { prepared, model, sent };
}

async function attemptWithTimeout<T>(
  settings: CallSettings,
  callerSignal: AbortSignal | undefined,
  model: string,
  operation: (context: AttemptContext) => Promise<T>,
  attempt: number,
): Promise<T> {
  if (callerSignal?.aborted) throw cancelledError(callerSignal);
  const timeout = new AbortController();
  // AbortSignal.any keeps the caller's cancellation linked for as long as the stream is read.
  const signal = callerSignal ? AbortSignal.any([callerSignal, timeout.signal]) : timeout.signal;
  let timedOut = false;
  const timer =
    settings.timeout_ms === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          timeout.abort(new KernelError("timeout", `${settings.provider}: attempt timed out`));
        }, settings.timeout_ms);
  const context: AttemptContext = {
    model,
    signal,
    raw: async (direction, body) => {
      if (!settings.debug) return;
      await emit(settings, direction === "request" ? "llm:request:raw" : "llm:response:raw", {
        provider: settings.provider,
        model,
        attempt,
        body,
      });
    },
  };
  try {
    return await operation(context);
  } catch (error) {
    if (timedOut && !callerSignal?.aborted) {
      throw llmError("timeout", `${settings.provider}: no answer within ${settings.timeout_ms} ms`, {
        provider: settings.provider,
        model,
        cause: error,
      });
    }
    throw normaliseAbort(error, callerSignal);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

function normaliseAbort(error: unknown, signal: AbortSignal | undefined): unknown {
  return signal?.aborted && !KernelError.is(error, "cancelled") ? cancelledError(signal) : error;
}

async function emit(settings: CallSettings, event: string, data: Record<string, unknown>): Promise<void> {
  if (!settings.hooks) return;
  try {
    await settings.hooks.emit(event, data);
  } catch {
    // Observability must never break the call; the registry reports failing handlers itself.
  }
}
