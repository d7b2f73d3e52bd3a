/**
 * `hooks-otel`: OpenTelemetry traces of every turn, model call, tool call, approval, compaction and
 * sandbox event, built on `@opentelemetry/api` alone; the SDK, its exporter and where spans go are
 * the host's choice. Spans follow the GenAI semantic conventions (`invoke_agent`, `chat {model}`,
 * `execute_tool {name}`, `gen_ai.*` attributes). With no tracer provider registered (a turn's span
 * records nothing) it listens to a turn's first event only, so other emits cost nothing.
 *
 * Content (the prompt, the model's answers, tool arguments and results) is recorded only with
 * `capture_content: true`, masked by hooks-redaction's rules (`redaction`, same keys as that
 * module's config) and cut to `max_content_chars`.
 *
 * @example
 * // plan.yaml
 * // hooks:
 * //   - module: hooks-otel
 * //     config: { capture_content: true, redaction: { literals: ["${API_KEY}"] } }
 * const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
 * const session = createSession(plan, { modules: { ...builtinModules, "hooks-otel": createHooksOtel({ tracerProvider: provider }) } });
 */
import { type TracerProvider, trace } from "@opentelemetry/api";
import { z } from "zod";
import type { ModuleDefinition } from "../../contracts.ts";
import { redactionConfigSchema } from "../hooks-redaction/index.ts";
import { parseModuleConfig } from "../shared/config.ts";
import { ContentRecorder } from "./content.ts";
import { SessionTrace, type SessionTraces } from "./session-trace.ts";

export { AMPLIFIER, ERROR_TYPE, GEN_AI, OPERATION, SPAN_EVENT, SPAN_NAME } from "./semconv.ts";

/** The instrumentation scope of every span this module makes. */
export const HOOKS_OTEL_TRACER = "amplifier-edge/hooks-otel";
const VERSION = "1.0.0";

/** Config of `hooks-otel` (in the plan). */
export const otelConfigSchema = z.strictObject({
  /** Record prompts, answers, tool arguments and results on spans (off: only names, ids, counts). */
  capture_content: z.boolean().default(false),
  /** How content is masked first: hooks-redaction's config keys (literals, patterns, ...). */
  redaction: redactionConfigSchema.omit({ priority: true }).prefault({}),
  /** Content longer than this (as JSON) is cut. */
  max_content_chars: z.number().int().positive().default(8_192),
  /** `gen_ai.agent.name` of the turn spans (`invoke_agent {agent_name}`). */
  agent_name: z.string().min(1).default("amplifier"),
});

/** Parsed config of `hooks-otel`. */
export type OtelConfig = z.output<typeof otelConfigSchema>;

/** Options of {@link createHooksOtel} (the host's side: where spans go, and the clock). */
export interface HooksOtelOptions {
  /** Where spans go. Default: the global provider (`trace.getTracerProvider()`), a no-op until one is registered. */
  readonly tracerProvider?: TracerProvider;
  /** Milliseconds since the epoch, for span times. Default: `performance.timeOrigin + performance.now()`. */
  readonly now?: () => number;
}

/**
 * Events read at all times: a turn's first event (`execution:start`, or `prompt:submit` from a loop
 * that skips it), and the rare ones that matter between turns too.
 */
const ALWAYS_EVENTS: readonly string[] = [
  "session:fork",
  "execution:start",
  "prompt:submit",
  "sandbox:started",
  "sandbox:restarted",
  "sandbox:killed",
  "policy:violation",
  "session:end",
];

/**
 * The rest of a turn's events, in the order a turn emits them: subscribed when the first turn's span
 * records. Until then (no SDK registered) no other emit pays for this module.
 */
const TURN_EVENTS: readonly string[] = [
  "provider:request",
  "context:compaction",
  "llm:request",
  "provider:retry",
  "provider:response",
  "provider:error",
  "tool:pre",
  "approval:required",
  "approval:granted",
  "approval:denied",
  "tool:post",
  "tool:error",
  "cancel:requested",
  "orchestrator:complete",
  "execution:end",
];

/**
 * Runs before every other handler: a span must open before a later handler (an approval, a deny)
 * acts inside it, and a handler that denies would stop the emit before this one saw the event.
 */
const FIRST = -Number.MAX_VALUE;

/**
 * True for the API's global provider before any SDK was registered behind it (a proxy with no
 * delegate): its spans record nothing until a host calls `trace.setGlobalTracerProvider`.
 */
function isUnsetGlobal(provider: TracerProvider): boolean {
  const proxy = provider as { getDelegateTracer?: (name: string) => unknown };
  return typeof proxy.getDelegateTracer === "function" && proxy.getDelegateTracer(HOOKS_OTEL_TRACER) === undefined;
}

function defaultClock(): () => number {
  // Typed by hand: src/ is also compiled without the DOM library (the Workers config).
  const clock = (globalThis as { performance?: { readonly timeOrigin: number; now(): number } }).performance;
  if (clock === undefined) return () => Date.now();
  return () => clock.timeOrigin + clock.now();
}

/**
 * Builds `hooks-otel` sending spans to `options.tracerProvider` (or the global provider).
 *
 * @example
 * const otel = createHooksOtel({ tracerProvider: provider, now: () => clock.now() });
 */
export function createHooksOtel(options: HooksOtelOptions = {}): ModuleDefinition {
  const sessions: SessionTraces = new Map();
  const now = options.now ?? defaultClock();
  return {
    id: "hooks-otel",
    type: "hook",
    description: "OpenTelemetry spans (GenAI conventions) for turns, model and tool calls, approvals and sandboxes.",
    version: VERSION,
    async mount(coordinator, config) {
      const parsed = parseModuleConfig("hooks-otel", otelConfigSchema, config);
      const provider = options.tracerProvider ?? trace.getTracerProvider();
      const turnEvents = parsed.capture_content ? [...TURN_EVENTS, "content_block:end"] : TURN_EVENTS;
      const handler = (event: string, data: Record<string, unknown>) => {
        traced.handle(event, data);
      };
      const subscribe = (events: readonly string[]) =>
        events.map((event) =>
          coordinator.hooks.register(event, handler, { priority: FIRST, name: `hooks-otel:${event}` }),
        );
      const unregister: Array<() => void> = [];
      // With an SDK already behind the provider, listen to everything now (registering costs
      // something, and the first turn should not pay it); else wait for a turn that records.
      let recording = !isUnsetGlobal(provider);
      const traced = new SessionTrace({
        onRecordingTurn: () => {
          if (recording) return;
          recording = true;
          unregister.push(...subscribe(turnEvents));
        },
        tracer: provider.getTracer(HOOKS_OTEL_TRACER, VERSION),
        now,
        content: parsed.capture_content ? new ContentRecorder(parsed.redaction, parsed.max_content_chars) : undefined,
        sessionId: coordinator.session_id,
        agentName: parsed.agent_name,
        sessions,
      });
      unregister.push(...subscribe(ALWAYS_EVENTS));
      if (recording) unregister.push(...subscribe(turnEvents));
      return () => {
        for (const off of unregister) off();
        traced.dispose("session_cleanup");
      };
    },
  };
}

/** The `hooks-otel` module, sending spans to the global tracer provider. */
export const hooksOtel: ModuleDefinition = createHooksOtel();
