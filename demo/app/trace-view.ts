/**
 * The Trace tab: a waterfall of a turn's OpenTelemetry spans (the turn, its model calls, tool
 * calls, approvals and compactions, child sessions inside the calls that spawned them), drawn from
 * the spans hooks-otel made in the worker, so a user sees where the time went without a collector.
 */
import { append, h, pretty, replace } from "./dom.ts";
import type { Playground } from "./playground.ts";
import { type SpanRecord, TRACE_CHANNEL } from "./trace-records.ts";

/** Span events a user must not miss. */
const ALERT_EVENTS = new Set(["sandbox.killed", "policy.violation"]);

/** A span with its children, ordered by start. */
interface SpanNode {
  readonly span: SpanRecord;
  readonly children: SpanNode[];
}

/** The Trace tab. */
export class TraceView {
  readonly #select = h("select", { id: "trace-turn" });
  readonly #summary = h("p", { class: "hint", id: "trace-summary" });
  readonly #list = h("ol", { class: "waterfall", id: "trace-waterfall", "aria-label": "Spans of the turn" });
  readonly #spans = new Map<string, SpanRecord[]>();
  /** Trace ids of the current session's turns, oldest first. */
  #turns: string[] = [];
  #sessionId: string | undefined;

  constructor(root: HTMLElement, playground: Playground) {
    replace(
      root,
      h(
        "p",
        { class: "hint" },
        "Each turn as OpenTelemetry spans (hooks-otel, GenAI conventions): bars show when each step ran within the turn. Click a span for its attributes.",
      ),
      h("label", { for: "trace-turn" }, "Turn"),
      this.#select,
      this.#summary,
      this.#list,
    );
    this.#select.addEventListener("change", () => this.#render());
    playground.onStarting((sessionId) => this.#reset(sessionId));
    playground.onSession((current) => {
      if (this.#sessionId !== current.session.id) this.#reset(current.session.id);
    });
    new BroadcastChannel(TRACE_CHANNEL).addEventListener("message", (event: MessageEvent<SpanRecord>) =>
      this.#add(event.data),
    );
    this.#render();
  }

  #reset(sessionId: string): void {
    this.#sessionId = sessionId;
    this.#spans.clear();
    this.#turns = [];
    this.#renderTurns();
    this.#render();
  }

  #add(span: SpanRecord): void {
    const spans = this.#spans.get(span.traceId) ?? [];
    spans.push(span);
    this.#spans.set(span.traceId, spans);
    const isTurn = span.parentSpanId === undefined && span.attributes["gen_ai.conversation.id"] === this.#sessionId;
    if (isTurn && !this.#turns.includes(span.traceId)) {
      this.#turns.push(span.traceId);
      this.#renderTurns();
      this.#select.value = span.traceId;
    }
    if (this.#select.value === span.traceId) this.#render();
  }

  #renderTurns(): void {
    replace(
      this.#select,
      ...(this.#turns.length === 0
        ? [h("option", { value: "" }, "No turn yet")]
        : this.#turns.map((traceId, index) => {
            const root = rootOf(this.#spans.get(traceId) ?? []);
            const label = root ? `Turn ${index + 1}: ${formatMs(root.durationMs)}` : `Turn ${index + 1}`;
            return h("option", { value: traceId }, label);
          })),
    );
  }

  #render(): void {
    const spans = this.#spans.get(this.#select.value) ?? [];
    const root = rootOf(spans);
    if (!root) {
      this.#summary.textContent = "Send a message: its turn appears here when it ends.";
      replace(this.#list, h("li", { class: "empty" }, "No spans yet."));
      return;
    }
    const tree = treeOf(root, spans);
    const count = (prefix: string) => spans.filter((span) => span.name.startsWith(prefix)).length;
    const tokens = `${root.attributes["gen_ai.usage.input_tokens"] ?? 0} in, ${root.attributes["gen_ai.usage.output_tokens"] ?? 0} out`;
    this.#summary.textContent = `${formatMs(root.durationMs)} in ${spans.length} spans: ${count("chat")} model calls, ${count("execute_tool")} tool calls; tokens ${tokens}.`;
    replace(this.#list);
    for (const [node, depth] of walk(tree, 0)) append(this.#list, row(node.span, depth, root));
  }
}

function rootOf(spans: readonly SpanRecord[]): SpanRecord | undefined {
  return spans.find((span) => span.parentSpanId === undefined);
}

function treeOf(root: SpanRecord, spans: readonly SpanRecord[]): SpanNode {
  const nodes = new Map(spans.map((span) => [span.spanId, { span, children: [] as SpanNode[] }]));
  for (const node of nodes.values()) {
    const parent = node.span.parentSpanId === undefined ? undefined : nodes.get(node.span.parentSpanId);
    parent?.children.push(node);
  }
  for (const node of nodes.values()) node.children.sort((a, b) => a.span.startMs - b.span.startMs);
  return nodes.get(root.spanId) ?? { span: root, children: [] };
}

function* walk(node: SpanNode, depth: number): Generator<[SpanNode, number]> {
  yield [node, depth];
  for (const child of node.children) yield* walk(child, depth + 1);
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

/** One span: its name indented by depth, a bar placed within the turn, its duration. */
function row(span: SpanRecord, depth: number, root: SpanRecord): HTMLElement {
  const total = Math.max(root.durationMs, 0.001);
  const left = Math.min(100, Math.max(0, ((span.startMs - root.startMs) / total) * 100));
  const width = Math.max(0.4, Math.min(100 - left, (span.durationMs / total) * 100));
  const alerts = span.events.filter((event) => ALERT_EVENTS.has(event.name));
  const errorType = span.attributes["error.type"];
  const marks = alerts.map((event) =>
    h(
      "span",
      { class: "span-alert" },
      `⚠ ${event.name} (${String(event.attributes["amplifier.sandbox.reason"] ?? "")})`,
    ),
  );
  const details = h(
    "details",
    {},
    h(
      "summary",
      {},
      h(
        "span",
        { class: "span-name", style: `padding-left: ${depth * 1.1}rem` },
        span.name,
        span.failed ? h("span", { class: "span-error" }, ` ✗ ${String(errorType ?? "error")}`) : null,
        ...marks,
      ),
      h("span", { class: "span-duration" }, formatMs(span.durationMs)),
      h(
        "span",
        { class: "span-track" },
        h("span", { class: "span-bar", style: `left: ${left.toFixed(2)}%; width: ${width.toFixed(2)}%` }),
      ),
    ),
    h("pre", {}, pretty({ attributes: span.attributes, events: span.events })),
  );
  return h(
    "li",
    { class: span.failed || alerts.length > 0 ? "span-row failed" : "span-row", "data-name": span.name },
    details,
  );
}
