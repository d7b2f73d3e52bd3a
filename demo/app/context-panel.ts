/**
 * The context view: the stored history (never compacted) beside the view the provider last
 * received (`lastRequest()`), with the figures of the last compaction, and what the provider
 * answered to it: "sent" and "received", to check a mounted provider or context manager.
 */
import type { CompactionFigures, LastRequest, Message } from "amplifier-edge/web";
import { describeError, h, preview, replace } from "./dom.ts";
import type { Playground } from "./playground.ts";
import { textOf } from "./turn-view.ts";

/** Each figure of a compaction, its label, and what it means for a reader who never saw one. */
const FIGURES: readonly [keyof CompactionFigures, string, string][] = [
  ["before_messages", "Messages before", "messages in the stored history when the request was built"],
  ["after_messages", "Messages after", "messages the model received (the stored history keeps all of them)"],
  ["before_tokens", "Tokens before", "estimated size of the whole history"],
  ["after_tokens", "Tokens after", "estimated size of what the model received"],
  ["budget", "Budget (tokens)", "room for messages: the model's context window minus its output allowance"],
  ["threshold", "Compacts at (tokens)", "above this size a request is compacted (a share of the budget)"],
  ["target", "Compacts down to (tokens)", "compaction stops as soon as the view is this small"],
  ["levels_applied", "Levels applied", "the steps that changed something, of eight, mildest first (see below)"],
  ["compaction_count", "Compactions so far", "requests of this session that had to be compacted"],
];

/** The eight levels of context-simple's compaction, in the order they are tried. */
const LEVELS: readonly string[] = [
  "shorten the oldest quarter of tool results",
  "shorten the next quarter of tool results",
  "leave out old messages, keeping the recent ones",
  "shorten tool results in the third quarter",
  "leave out more old messages (a smaller recent share kept)",
  "shorten every tool result but the last few",
  "leave out more old messages (only the latest kept)",
  "shorten the first user message, then drop old shortened ones",
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
        received(last),
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
  const applied = new Set(Array.isArray(figures.levels_applied) ? figures.levels_applied : []);
  return h(
    "div",
    {},
    h(
      "table",
      { class: "figures", id: "compaction-figures" },
      h("caption", { class: "label" }, "Last compaction"),
      h(
        "tbody",
        {},
        ...FIGURES.map(([key, label, meaning]) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, label),
            h("td", {}, formatFigure(figures[key])),
            h("td", { class: "hint" }, meaning),
          ),
        ),
      ),
    ),
    h(
      "details",
      { id: "compaction-levels" },
      h("summary", {}, "The eight levels (applied ones in bold)"),
      h(
        "ol",
        {},
        ...LEVELS.map((level, index) => h("li", {}, applied.has(index + 1) ? h("strong", {}, level) : level)),
      ),
    ),
  );
}

/** What the provider answered to the request shown: the other half of checking a provider or context manager. */
function received(last: LastRequest | undefined): HTMLElement | undefined {
  if (!last) return undefined;
  const answer = last.response;
  const section = h("section", { id: "provider-answer", "aria-label": "Received from the provider" });
  if (!answer) {
    replace(
      section,
      h("h3", {}, "Received from the provider"),
      h("p", { class: "hint" }, "No answer to this request (yet): it is running, or it failed (see Events)."),
    );
    return section;
  }
  const usage = answer.usage ?? {};
  const facts: [string, string | undefined][] = [
    ["Provider", answer.provider],
    ["Model", answer.model],
    ["Finish reason", answer.finish_reason],
    ["Input tokens", figureOf(usage.input_tokens)],
    ["Output tokens", figureOf(usage.output_tokens)],
    ["Response id", answer.response_id],
  ];
  replace(
    section,
    h("h3", {}, "Received from the provider"),
    h(
      "table",
      { class: "figures", id: "answer-figures" },
      h(
        "tbody",
        {},
        ...facts.map(([label, value]) => h("tr", {}, h("th", { scope: "row" }, label), h("td", {}, value ?? "–"))),
      ),
    ),
    h("p", { class: "label" }, "Text"),
    h("pre", { id: "answer-text" }, answer.text === "" ? "(no text)" : answer.text),
    answer.tool_calls.length === 0
      ? h("p", { class: "hint" }, "No tool calls.")
      : h(
          "ol",
          { id: "answer-tool-calls" },
          ...answer.tool_calls.map((call) => h("li", {}, h("strong", {}, call.tool), ` ${call.arguments}`)),
        ),
    answer.truncated
      ? h("p", { class: "hint" }, "Long text or arguments were cut to keep this view small.")
      : undefined,
  );
  return section;
}

function figureOf(value: unknown): string | undefined {
  return typeof value === "number" ? String(value) : undefined;
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
