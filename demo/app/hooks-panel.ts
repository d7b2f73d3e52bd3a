/**
 * The Hooks tab: fire an event of your choice at the current session's hooks with data you write,
 * and see what every handler answered (its action, reason or data, or how it failed), which did not
 * run after a deny, the combined result and the events. The result is shown, not applied.
 */
import type { HookFireReport, HookHandlerTrace, WebEvent, WebSession } from "amplifier-edge/web";
import { describeError, h, pretty, preview, replace } from "./dom.ts";
import type { CurrentSession, Playground } from "./playground.ts";

/** Events worth offering even with no handler yet, with the data a handler expects. */
const SAMPLE_DATA: Record<string, Record<string, unknown>> = {
  "tool:pre": { tool_name: "calculator", tool_call_id: "manual_1", tool_input: { expression: "6 * 7" } },
  "tool:post": {
    tool_name: "calculator",
    tool_call_id: "manual_1",
    tool_input: { expression: "6 * 7" },
    result: { success: true, output: "42" },
  },
  "prompt:submit": { prompt: "Hello" },
  "provider:request": { provider: "mock", iteration: 1 },
  "session:start": {},
};

/** The Hooks tab. */
export class HooksPanel {
  readonly #event = h("input", { type: "text", id: "fire-event", list: "fire-event-names", spellcheck: false });
  readonly #names = h("datalist", { id: "fire-event-names" });
  readonly #handlers = h("p", { class: "hint", id: "fire-event-handlers" });
  readonly #data = h("textarea", { id: "fire-event-data", class: "code config", rows: 6, spellcheck: false });
  readonly #fire = h("button", { type: "button", class: "primary", id: "fire-event-button" }, "Fire the event");
  readonly #output = h("div", { id: "fire-event-output", "aria-live": "polite" });
  #session: WebSession | undefined;
  #registered: Record<string, string[]> = {};
  #running = false;

  constructor(root: HTMLElement, playground: Playground) {
    this.#event.addEventListener("change", () => this.#showEvent());
    this.#fire.addEventListener("click", () => void this.#fireEvent());
    replace(
      root,
      h(
        "p",
        { class: "hint" },
        "Fire an event at this session's hooks with data you write, and see what each handler answered. The result is shown, not applied: nothing is injected, asked or stored.",
      ),
      h("label", { for: "fire-event" }, "Event"),
      this.#event,
      this.#names,
      this.#handlers,
      h("label", { for: "fire-event-data" }, "Data (JSON)"),
      this.#data,
      h("div", { class: "row" }, this.#fire),
      this.#output,
    );
    playground.onOpening((opening) => {
      if (opening) this.#session = undefined;
      this.#fire.disabled = opening || this.#running;
    });
    playground.onSession((current) => void this.#load(current));
  }

  async #load(current: CurrentSession): Promise<void> {
    this.#session = current.session;
    this.#registered = await current.session.hooks().catch(() => ({}));
    if (this.#session !== current.session) return;
    const names = [...new Set([...Object.keys(this.#registered), ...Object.keys(SAMPLE_DATA)])];
    replace(this.#names, ...names.map((name) => h("option", { value: name })));
    // The events a mounted hook module listens to come first.
    const mine = Object.entries(this.#registered).find(([, handlers]) =>
      handlers.some((handler) => current.mounted.some((module) => handler.startsWith(`${module.id}/`))),
    );
    this.#event.value = mine?.[0] ?? "tool:pre";
    replace(this.#output);
    this.#showEvent();
  }

  #showEvent(): void {
    const event = this.#event.value.trim();
    const handlers = this.#registered[event] ?? [];
    this.#handlers.textContent =
      handlers.length > 0 ? `Handlers, in the order they run: ${handlers.join(", ")}.` : "No handler for this event.";
    this.#data.value = JSON.stringify(SAMPLE_DATA[event] ?? {}, null, 2);
    this.#fire.disabled = this.#session === undefined || this.#running;
  }

  async #fireEvent(): Promise<void> {
    const session = this.#session;
    const event = this.#event.value.trim();
    if (!session || this.#running) return;
    let data: unknown;
    try {
      data = JSON.parse(this.#data.value);
    } catch (error) {
      replace(
        this.#output,
        h("p", { class: "alert-line", role: "alert" }, `The data is not JSON: ${describeError(error)}`),
      );
      return;
    }
    this.#running = true;
    this.#fire.disabled = true;
    const events: WebEvent[] = [];
    try {
      const report = await session.fireHook(event, data as Record<string, unknown>, {
        onEvent: (item) => events.push(item),
      });
      replace(this.#output, ...renderReport(event, report, events));
    } catch (error) {
      replace(this.#output, h("p", { class: "alert-line", role: "alert" }, describeError(error)));
    } finally {
      this.#running = false;
      this.#fire.disabled = this.#session === undefined;
    }
  }
}

function renderReport(event: string, report: HookFireReport, events: readonly WebEvent[]): HTMLElement[] {
  return [
    h(
      "p",
      { class: "verdict", id: "fire-event-verdict" },
      `${event}: ${report.handlers.length} handler${report.handlers.length === 1 ? "" : "s"} ran in ${report.duration_ms} ms; combined action ${report.result.action}`,
    ),
    h(
      "table",
      { class: "figures", id: "fire-event-results" },
      h("tr", {}, h("th", {}, "Handler"), h("th", {}, "Priority"), h("th", {}, "Answer"), h("th", {}, "ms")),
      ...report.handlers.map((handler) =>
        h(
          "tr",
          { "data-handler": handler.name },
          h("td", {}, handler.name),
          h("td", {}, describePriority(handler.priority)),
          h("td", {}, describeAnswer(handler)),
          h("td", {}, String(handler.duration_ms)),
        ),
      ),
      ...report.not_run.map((name) =>
        h(
          "tr",
          { class: "muted", "data-handler": name },
          h("td", {}, name),
          h("td", {}),
          h("td", {}, "did not run (a deny ended the event)"),
          h("td", {}),
        ),
      ),
    ),
    h("details", {}, h("summary", {}, "The combined HookResult"), h("pre", {}, pretty(report.result))),
    h("div", { class: "muted" }, `Events (${events.length}): ${events.map((item) => item.name).join(", ")}`),
  ];
}

/** `deny: tool calculator is not allowed here`, `modify {"allowed":2}`, `threw: …`. */
function describeAnswer(handler: HookHandlerTrace): string {
  if (handler.outcome !== "result") return `${handler.outcome}${handler.error ? `: ${handler.error}` : ""}`;
  const result = handler.result;
  if (!result) return "continue";
  const detail =
    result.reason ??
    (typeof result.context_injection === "string" ? result.context_injection : undefined) ??
    (result.action === "modify" && result.data ? preview(result.data, 120) : undefined);
  return detail === undefined ? result.action : `${result.action}: ${detail}`;
}

/** A priority as written; the extremes the host uses to run a handler first or last, in words. */
function describePriority(priority: number): string {
  if (Number.isSafeInteger(priority) || Math.abs(priority) < 1e9) return String(priority);
  return priority < 0 ? "first (lowest)" : "last (highest)";
}
