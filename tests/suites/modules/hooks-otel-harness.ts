/**
 * What the hooks-otel tests share: a session whose hooks-otel sends spans to the SDK's in-memory
 * exporter on an injected clock, and the finished spans read back as a tree.
 */
import type { HrTime, TracerProvider as TracerProviderApi } from "@opentelemetry/api";
import {
  InMemorySpanExporter,
  type ReadableSpan,
  type Sampler,
  SimpleSpanProcessor,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { createSandboxes, type Sandboxes } from "../../../sandbox/create-sandboxes.ts";
import type { ApprovalSystem } from "../../../src/approval.ts";
import type { ModuleDefinition } from "../../../src/contracts.ts";
import {
  CompactingContext,
  contextSimple,
  simpleContextConfigSchema,
} from "../../../src/modules/context-simple/index.ts";
import { builtinModules, createHooksOtel } from "../../../src/modules/index.ts";
import { parseLenientModuleConfig } from "../../../src/modules/shared/config.ts";
import type { MountPlanInput } from "../../../src/plan/schema.ts";
import { createSession, type Session } from "../../../src/session.ts";

/** The runtime's compiled QuickJS wasm (sandboxed modules in the plan need it). */
export type WasmSource = () => Promise<WebAssembly.Module>;

/**
 * A clock the test moves. hooks-otel and the context read `now`, which also steps 1 ms per read so
 * that spans keep the order of the events that made them; the session reads `date`, which only
 * moves when the test says.
 */
export class TestClock {
  #now = Date.UTC(2026, 0, 2, 3, 4, 5);
  now = (): number => this.#now++;
  date = (): Date => new Date(this.#now);
  advance(ms: number): void {
    this.#now += ms;
  }
}

/**
 * `context-simple` on the test's clock. The context times each compaction (`duration_ms`) and
 * hooks-otel starts the compaction's span that long before the event; on the machine's clock that
 * duration grows with the load and, beside the test's stepping clock, can move the span before
 * the tool call that preceded it.
 */
function contextSimpleOn(clock: TestClock): ModuleDefinition {
  return {
    ...contextSimple,
    async mount(coordinator, config) {
      const parsed = parseLenientModuleConfig("context-simple", simpleContextConfigSchema, config, coordinator);
      const context = new CompactingContext(parsed, coordinator.hooks, "context-simple", {
        now: () => new Date(clock.now()),
      });
      await coordinator.mount("context", context);
    },
  };
}

/** A finished span as the tests read it. */
export interface SpanNode {
  readonly name: string;
  readonly span: ReadableSpan;
  readonly children: SpanNode[];
}

/** A traced session and everything needed to read its spans. */
export interface TracedSession {
  readonly session: Session;
  readonly exporter: InMemorySpanExporter;
  readonly provider: TracerProvider;
  readonly clock: TestClock;
  readonly sandboxes: Sandboxes | undefined;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Options of {@link tracedSession}. */
export interface TracedSessionOptions {
  readonly approval?: ApprovalSystem;
  readonly wasm?: WasmSource;
  readonly sampler?: Sampler;
  readonly modules?: Record<string, ModuleDefinition>;
  readonly clock?: TestClock;
  /** The provider hooks-otel is given instead of the in-memory one (which stays available). */
  readonly tracerProvider?: TracerProviderApi;
}

/** A session over `plan` with hooks-otel sending spans to an in-memory exporter. */
export async function tracedSession(plan: MountPlanInput, options: TracedSessionOptions = {}) {
  const clock = options.clock ?? new TestClock();
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
    ...(options.sampler ? { sampler: options.sampler } : {}),
  });
  const sandboxes = options.wasm
    ? // The CPU guard's clock stands still, so only its poll budget stops a guest: a kill that
      // does not depend on how loaded the machine is (and a mount that never trips it).
      createSandboxes({ wasmModule: await options.wasm(), defaultPlacement: "inline", now: () => 0 })
    : undefined;
  const session = createSession(plan, {
    modules: {
      ...builtinModules,
      "context-simple": contextSimpleOn(clock),
      "hooks-otel": createHooksOtel({ tracerProvider: options.tracerProvider ?? provider, now: clock.now }),
      ...options.modules,
    },
    now: clock.date,
    ...(sandboxes ? { sandbox: sandboxes.loader } : {}),
    ...(options.approval ? { approval: options.approval } : {}),
  });
  const traced: TracedSession = {
    session,
    exporter,
    provider,
    clock,
    sandboxes,
    async [Symbol.asyncDispose]() {
      await session.cleanup();
      await sandboxes?.[Symbol.asyncDispose]();
      await provider.shutdown();
    },
  };
  return traced;
}

/** The finished spans as trees (roots first, children by start time). */
export function spanTrees(spans: readonly ReadableSpan[]): SpanNode[] {
  const byId = new Map<string, SpanNode>();
  for (const span of spans) byId.set(span.spanContext().spanId, { name: span.name, span, children: [] });
  const roots: SpanNode[] = [];
  for (const node of byId.values()) {
    const parent = node.span.parentSpanContext ? byId.get(node.span.parentSpanContext.spanId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const order = (nodes: SpanNode[]) => {
    nodes.sort((a, b) => startMs(a.span) - startMs(b.span));
    for (const node of nodes) order(node.children);
  };
  order(roots);
  return roots;
}

/** A tree as nested names, to compare its shape. */
export function shapeOf(node: SpanNode): unknown {
  return node.children.length === 0 ? node.name : { [node.name]: node.children.map(shapeOf) };
}

function milliseconds(time: HrTime): number {
  return time[0] * 1000 + time[1] / 1e6;
}

/** The span's start in ms since the epoch. */
export function startMs(span: ReadableSpan): number {
  return milliseconds(span.startTime);
}

/** The span's duration in ms. */
export function durationMs(span: ReadableSpan): number {
  return milliseconds(span.duration);
}

/** The one span named `name` (fails loudly when there are none or several). */
export function only(spans: readonly ReadableSpan[], name: string): ReadableSpan {
  const found = spans.filter((span) => span.name === name);
  if (found.length !== 1) {
    throw new Error(`expected one span "${name}", found ${found.length} among ${spans.map((s) => s.name).join(", ")}`);
  }
  return found[0]!;
}
