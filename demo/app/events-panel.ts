/**
 * The events timeline: every kernel event of the current session with its payload, filterable
 * by kind. Sandbox kills, policy violations and modules that failed to load stand out.
 */
import type { WebEvent } from "amplifier-edge/web";
import { append, byId, h, pretty, preview, replace } from "./dom.ts";
import type { Playground } from "./playground.ts";

/** Events a user must not miss. */
export const ALERT_EVENTS = new Set(["sandbox:killed", "policy:violation", "module:load_failed"]);
/** One event per streamed chunk: hidden unless asked for, they would bury everything else. */
const DELTA_EVENTS = new Set(["content_block:delta", "thinking:delta"]);
const MAX_SHOWN = 3000;
const ALL = "all";
const ALERTS = "alerts";

/** The Events tab. */
export class EventsPanel {
  readonly #list = h("ol", { class: "events", id: "event-list", "aria-label": "Events, oldest first" });
  readonly #filter = h("select", { id: "event-filter" });
  readonly #deltas = h("input", { type: "checkbox", id: "event-deltas" });
  readonly #count = h("p", { class: "hint", id: "event-count" });
  readonly #badge = byId("alert-count");
  readonly #kinds = new Set<string>();
  #events: WebEvent[] = [];
  #alerts = 0;

  constructor(root: HTMLElement, playground: Playground) {
    this.#filter.addEventListener("change", () => this.#renderAll());
    this.#deltas.addEventListener("change", () => this.#renderAll());
    replace(
      root,
      h("p", { class: "hint" }, "Every event the kernel emitted in this session. Click one to see its payload."),
      h("label", { for: "event-filter" }, "Show"),
      this.#filter,
      h(
        "label",
        { class: "inline", for: "event-deltas" },
        this.#deltas,
        "Include streaming deltas (one event per text chunk)",
      ),
      this.#count,
      this.#list,
    );
    this.#clear();
    playground.onStarting(() => this.#clear());
    playground.onEvent((event) => this.#add(event));
  }

  #clear(): void {
    this.#events = [];
    this.#kinds.clear();
    this.#alerts = 0;
    this.#badge.hidden = true;
    this.#renderFilter();
    this.#renderAll();
  }

  #add(event: WebEvent): void {
    this.#events.push(event);
    const dropped = this.#events.length > MAX_SHOWN ? this.#events.shift() : undefined;
    if (dropped) this.#list.querySelector(`li[data-seq="${dropped.seq}"]`)?.remove();
    const kind = kindOf(event.name);
    if (!this.#kinds.has(kind)) {
      this.#kinds.add(kind);
      this.#renderFilter();
    }
    if (ALERT_EVENTS.has(event.name)) {
      this.#alerts += 1;
      this.#badge.hidden = false;
      this.#badge.textContent = String(this.#alerts);
      this.#badge.setAttribute("aria-label", `${this.#alerts} alert${this.#alerts === 1 ? "" : "s"}`);
    }
    if (this.#matches(event)) {
      this.#list.querySelector("li.empty")?.remove();
      append(this.#list, row(event));
      this.#list.scrollTop = this.#list.scrollHeight;
    }
    this.#renderCount();
  }

  #matches(event: WebEvent): boolean {
    if (!this.#deltas.checked && DELTA_EVENTS.has(event.name)) return false;
    const filter = this.#filter.value;
    if (filter === ALL) return true;
    if (filter === ALERTS) return ALERT_EVENTS.has(event.name);
    return kindOf(event.name) === filter;
  }

  #renderFilter(): void {
    const chosen = this.#filter.value || ALL;
    replace(
      this.#filter,
      h("option", { value: ALL }, "All events"),
      h("option", { value: ALERTS }, "Alerts: kills, refusals, load failures"),
      ...[...this.#kinds].sort().map((kind) => h("option", { value: kind }, `${kind}:*`)),
    );
    this.#filter.value = [...this.#filter.options].some((option) => option.value === chosen) ? chosen : ALL;
  }

  #renderAll(): void {
    const shown = this.#events.filter((event) => this.#matches(event));
    replace(this.#list, ...(shown.length > 0 ? shown.map(row) : [h("li", { class: "empty" }, "No events yet.")]));
    this.#renderCount();
  }

  #renderCount(): void {
    const shown = this.#list.querySelectorAll("li[data-seq]").length;
    const alerts = this.#alerts > 0 ? `, ${this.#alerts} alert${this.#alerts === 1 ? "" : "s"}` : "";
    this.#count.textContent = `${shown} of ${this.#events.length} events shown${alerts}.`;
  }
}

/** The part of an event name before the colon (`tool:pre` → `tool`). */
function kindOf(name: string): string {
  return name.includes(":") ? name.slice(0, name.indexOf(":")) : name;
}

function row(event: WebEvent): HTMLElement {
  const alert = ALERT_EVENTS.has(event.name);
  const payload = h("pre", {});
  const details = h(
    "details",
    {},
    h(
      "summary",
      {},
      h("span", { class: "seq" }, `#${event.seq}`),
      h("span", { class: "name" }, alert ? `⚠ ${event.name}` : event.name),
      h("span", { class: "gist" }, gistOf(event)),
    ),
    payload,
  );
  // Payloads are drawn when opened: a long session has thousands of events.
  details.addEventListener("toggle", () => {
    if (details.open && !payload.textContent) payload.textContent = pretty(event.data);
  });
  return h("li", { class: alert ? "alert" : undefined, "data-seq": event.seq, "data-name": event.name }, details);
}

function gistOf(event: WebEvent): string {
  const data = event.data;
  const text = (value: unknown) => preview(value, 160);
  switch (event.name) {
    case "sandbox:killed":
      return `${text(data.module)} was killed (${text(data.reason)}): ${text(data.message)}`;
    case "policy:violation":
      return `${text(data.module)} was refused ${text(data.capability)}: ${text(data.action)} ${text(data.target)} (${text(data.reason)})`;
    case "module:load_failed":
      return `${text(data.module_id)} did not load (${text(data.reason_code)}): ${text(data.error)}`;
    case "tool:pre":
      return `${text(data.tool_name)} ${preview(data.tool_input, 80)}`;
    case "tool:post":
      return `${text(data.tool_name)} → ${preview(data.result, 80)}`;
    case "content_block:delta":
    case "thinking:delta":
      return preview(data.delta, 80);
    default: {
      // The fields every event carries say nothing about this one.
      const rest = Object.fromEntries(
        Object.entries(data).filter(
          ([key, value]) => !["session_id", "timestamp", "parent_id"].includes(key) && value !== null,
        ),
      );
      return Object.keys(rest).length > 0 ? preview(rest, 100) : "";
    }
  }
}
