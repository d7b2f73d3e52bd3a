/**
 * The Tools tab: call any tool of the current session directly, from a form generated from its
 * input_schema, as the loop would call it (hooks, schema check, tool:post) but without a model.
 * Shows the ToolResult, the events of the call and its time. Nothing is stored in the conversation.
 */
import type { ToolCallReport, WebEvent, WebSession, WebToolInfo } from "amplifier-edge/web";
import { describeError, h, pretty, preview, replace } from "./dom.ts";
import type { CurrentSession, Playground } from "./playground.ts";
import { SchemaForm } from "./schema-form.ts";

/** The Tools tab. */
export class ToolsPanel {
  readonly #picker = h("select", { id: "run-tool-name" });
  readonly #description = h("p", { class: "hint", id: "run-tool-description" });
  readonly #form = new SchemaForm("run-tool", "Arguments (JSON, what is sent)");
  readonly #run = h("button", { type: "button", class: "primary", id: "run-tool" }, "Run tool");
  readonly #fill = h("button", { type: "button", id: "run-tool-fill" }, "Fill from the schema");
  readonly #output = h("div", { id: "run-tool-output", "aria-live": "polite" });
  #session: WebSession | undefined;
  #tools: WebToolInfo[] = [];
  #running = false;

  constructor(root: HTMLElement, playground: Playground) {
    this.#picker.addEventListener("change", () => this.#showTool());
    this.#fill.addEventListener("click", () => this.#showTool());
    this.#run.addEventListener("click", () => void this.#runTool());
    replace(
      root,
      h(
        "p",
        { class: "hint" },
        "Call a tool of this session directly, as the model would: tool:pre hooks, the input checked against its schema, tool:post. Nothing is stored in the conversation.",
      ),
      h("label", { for: "run-tool-name" }, "Tool"),
      this.#picker,
      this.#description,
      this.#form.element,
      h("div", { class: "row" }, this.#run, this.#fill),
      this.#output,
    );
    playground.onOpening((opening) => {
      if (opening) this.#session = undefined;
      this.#run.disabled = opening || this.#running;
    });
    playground.onSession((current) => void this.#load(current));
  }

  async #load(current: CurrentSession): Promise<void> {
    this.#session = current.session;
    this.#tools = await current.session.tools().catch(() => []);
    if (this.#session !== current.session) return;
    replace(this.#picker, ...this.#tools.map((tool) => h("option", { value: tool.name }, tool.name)));
    // A tool of a module the user mounted is the likelier one to try.
    const own = this.#tools.find((tool) => current.mounted.some((module) => module.tools.includes(tool.name)));
    if (own) this.#picker.value = own.name;
    replace(this.#output);
    this.#showTool();
  }

  #showTool(): void {
    const tool = this.#tools.find((candidate) => candidate.name === this.#picker.value);
    this.#run.disabled = tool === undefined || this.#running || this.#session === undefined;
    if (!tool) {
      this.#description.textContent = "This session has no tools.";
      return;
    }
    this.#description.textContent = tool.description || "(no description)";
    this.#form.show(tool.input_schema);
  }

  async #runTool(): Promise<void> {
    const session = this.#session;
    const name = this.#picker.value;
    const input = this.#form.value();
    if (!session || this.#running) return;
    if ("problem" in input) {
      replace(this.#output, h("p", { class: "alert-line", role: "alert" }, input.problem));
      return;
    }
    this.#running = true;
    this.#run.disabled = true;
    const events: WebEvent[] = [];
    replace(this.#output, h("p", { class: "hint" }, `Running ${name}…`));
    try {
      const report = await session.callTool(name, input.value, { onEvent: (event) => events.push(event) });
      replace(this.#output, ...renderReport(name, report, events));
    } catch (error) {
      replace(this.#output, h("p", { class: "alert-line", role: "alert" }, describeError(error)));
    } finally {
      this.#running = false;
      this.#run.disabled = this.#session === undefined;
    }
  }
}

function renderReport(name: string, report: ToolCallReport, events: readonly WebEvent[]): HTMLElement[] {
  const { result } = report;
  const ok = result.success !== false;
  return [
    h(
      "p",
      { class: `verdict ${ok ? "pass" : "fail"}`, id: "run-tool-verdict" },
      `${name} ${ok ? "succeeded" : "failed"} in ${report.duration_ms} ms`,
    ),
    h("div", { class: "muted" }, ok ? "Output" : "Error"),
    h("pre", { id: "run-tool-result" }, pretty(ok ? result.output : result.error)),
    h("details", {}, h("summary", {}, "The whole ToolResult"), h("pre", {}, pretty(result))),
    h("div", { class: "muted" }, `Events of this call (${events.length})`),
    h(
      "ol",
      { class: "events", id: "run-tool-events" },
      ...events.map((event) =>
        h(
          "li",
          { "data-name": event.name },
          h("span", { class: "name" }, event.name),
          " ",
          h("span", { class: "gist" }, preview(ownFields(event.data), 100)),
        ),
      ),
    ),
  ];
}

/** An event's payload without the fields every event has (session, parent, time). */
function ownFields(data: Record<string, unknown>): Record<string, unknown> {
  const { session_id: _session, parent_id: _parent, timestamp: _timestamp, ...rest } = data;
  return rest;
}
