/**
 * The context view: the stored history (never compacted) beside the view the provider last
 * received (`lastRequest()`), with the figures of the last compaction.
 */
import type { CompactionFigures, LastRequest, Message } from "amplifier-edge/web";
import { describeError, h, preview, replace } from "./dom.ts";
import type { Playground } from "./playground.ts";
import { textOf } from "./turn-view.ts";

const FIGURES: readonly [keyof CompactionFigures, string][] = [
  ["before_messages", "Messages before"],
  ["after_messages", "Messages after"],
  ["before_tokens", "Tokens before"],
  ["after_tokens", "Tokens after"],
  ["budget", "Budget (tokens)"],
  ["threshold", "Compacts at (tokens)"],
  ["target", "Compacts down to (tokens)"],
  ["levels_applied", "Levels applied"],
  ["compaction_count", "Compactions so far"],
];

/** The Context tab. */
export class ContextPanel {
  readonly #body = h("div", { id: "context-body" });

  constructor(
    root: HTMLElement,
    private readonly playground: Playground,
  ) {
    const refresh = h("button", { type: "button", id: "context-refresh" }, "Refresh");
    refresh.addEventListener("click", () => void this.refresh());
    replace(
      root,
      h(
        "p",
        { class: "hint" },
        "The model never sees more than its budget: each request gets a compacted view, while the stored history stays whole.",
      ),
      h("div", { class: "row" }, refresh),
      this.#body,
    );
    playground.onSession(() => void this.refresh());
  }

  /** Reads both views from the worker again. */
  async refresh(): Promise<void> {
    const session = this.playground.current?.session;
    if (!session) return;
    try {
      const [stored, last] = await Promise.all([session.messages(), session.lastRequest()]);
      if (this.playground.current?.session !== session) return;
      replace(
        this.#body,
        compaction(last),
        h(
          "div",
          { class: "context-columns" },
          column(`Stored history (${stored.length})`, stored, "Nothing stored yet."),
          column(
            last ? `Sent to the provider (${last.messages.length})` : "Sent to the provider",
            last?.messages ?? [],
            "No request yet: send a message.",
          ),
        ),
      );
    } catch (error) {
      replace(this.#body, h("p", { class: "alert-line" }, `Could not read the context: ${describeError(error)}`));
    }
  }
}

function compaction(last: LastRequest | undefined): HTMLElement {
  if (!last) return h("p", { class: "hint" }, "No request has reached the provider yet.");
  const figures = last.compaction;
  const budget =
    last.token_budget === undefined ? "" : ` The last request had a budget of ${last.token_budget} tokens.`;
  if (!figures) {
    return h(
      "p",
      { class: "hint", id: "compaction-figures" },
      `No compaction yet: the history fits the model's budget.${budget} To watch one, set a small context window (e.g. 2500) in Settings and chat a few turns.`,
    );
  }
  return h(
    "table",
    { class: "figures", id: "compaction-figures" },
    h("caption", { class: "label" }, "Last compaction"),
    h(
      "tbody",
      {},
      ...FIGURES.map(([key, label]) =>
        h("tr", {}, h("th", { scope: "row" }, label), h("td", {}, formatFigure(figures[key]))),
      ),
    ),
  );
}

function formatFigure(value: unknown): string {
  if (Array.isArray(value)) return value.length > 0 ? value.join(", ") : "none";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toFixed(2);
  return value === undefined ? "–" : String(value);
}

function column(title: string, messages: readonly Message[], empty: string): HTMLElement {
  return h(
    "div",
    {},
    h("h3", {}, title),
    messages.length === 0
      ? h("p", { class: "hint" }, empty)
      : h(
          "ol",
          {},
          ...messages.map((message) => h("li", {}, h("strong", {}, message.role), ` ${describeMessage(message)}`)),
        ),
  );
}

function describeMessage(message: Message): string {
  const text = textOf(message);
  const calls = (message.tool_calls ?? []).map((call) => `→ ${call.tool}(${preview(call.arguments, 60)})`).join(" ");
  return preview([text, calls].filter((part) => part !== "").join(" ") || "(empty)", 160);
}
