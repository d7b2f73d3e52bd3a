/**
 * Settings: the model new sessions use (the offline scripted one by default, or a real provider
 * with the user's key), the offline model's context window, and approvals before tool calls.
 */
import { describeError, h, replace } from "./dom.ts";
import type { Playground } from "./playground.ts";
import { DEFAULT_MODELS, type ProviderChoice, type Settings, saveSettings } from "./settings-store.ts";

const PROVIDERS: readonly { value: ProviderChoice; label: string }[] = [
  { value: "mock", label: "Offline scripted model (provider-mock, no key)" },
  { value: "anthropic", label: "Anthropic" },
  { value: "openai", label: "OpenAI or compatible (Ollama, llama.cpp, vLLM, OpenRouter) by base URL" },
];

/** The Settings tab. */
export class SettingsPanel {
  readonly #model = h("input", { type: "text", id: "settings-model", autocomplete: "off" });
  readonly #baseUrl = h("input", { type: "url", id: "settings-base-url", placeholder: "https://… (optional)" });
  readonly #key = h("input", { type: "password", id: "settings-key", autocomplete: "off" });
  readonly #remember = h("input", { type: "checkbox", id: "settings-remember" });
  readonly #window = h("input", { type: "number", id: "settings-window", min: 1000, step: 500 });
  readonly #approvals = h("input", { type: "checkbox", id: "settings-approvals" });
  readonly #real = h("div", {});
  readonly #offline = h("div", {});
  readonly #status = h("p", { class: "hint", role: "status", id: "settings-status" });
  /** Which model answers now: the current session's, whatever the form says until it is applied. */
  readonly #answering = h("p", { class: "session-model", id: "settings-answering" });
  #provider: ProviderChoice;

  constructor(
    root: HTMLElement,
    private readonly playground: Playground,
  ) {
    const settings = playground.settings;
    this.#provider = settings.provider;
    const radios = PROVIDERS.map(({ value, label }) => {
      const radio = h("input", {
        type: "radio",
        name: "provider",
        id: `provider-${value}`,
        value,
        checked: value === settings.provider,
      });
      radio.addEventListener("change", () => {
        this.#provider = value;
        this.#model.placeholder = DEFAULT_MODELS[value];
        this.#showFields();
        this.#showAnswering();
      });
      return h("label", { class: "inline", for: `provider-${value}` }, radio, label);
    });
    this.#model.value = settings.model;
    this.#model.placeholder = DEFAULT_MODELS[settings.provider];
    this.#baseUrl.value = settings.baseUrl;
    this.#key.value = settings.apiKey;
    this.#remember.checked = settings.remember;
    this.#window.value = String(settings.contextWindow);
    this.#approvals.checked = settings.approvals;
    replace(
      this.#real,
      h("label", { for: "settings-model" }, "Model"),
      this.#model,
      h("label", { for: "settings-base-url" }, "Base URL"),
      this.#baseUrl,
      h(
        "p",
        { class: "hint" },
        "Optional for Anthropic and OpenAI; required for a compatible server, e.g. http://127.0.0.1:11434/v1.",
      ),
      h("label", { for: "settings-key" }, "API key"),
      this.#key,
      h("label", { class: "inline", for: "settings-remember" }, this.#remember, "Remember the key in this browser"),
      h(
        "p",
        { class: "hint" },
        "Unticked, the key (and any secret you grant a module) lives only in this page's memory and the worker's, and is gone after a reload. Ticked, both are stored with the session so it can be resumed.",
      ),
    );
    replace(
      this.#offline,
      h("label", { for: "settings-window" }, "Context window of the offline model (tokens)"),
      this.#window,
      h(
        "p",
        { class: "hint" },
        "Set it small (e.g. 2500) and chat a few turns to watch compaction in the Context tab.",
      ),
    );
    const apply = h(
      "button",
      { type: "submit", class: "primary", id: "settings-apply" },
      "Apply and start a new session",
    );
    const form = h(
      "form",
      { "aria-label": "Settings" },
      this.#answering,
      h("fieldset", {}, h("legend", {}, "Model"), ...radios, this.#offline, this.#real),
      h(
        "fieldset",
        {},
        h("legend", {}, "Approvals"),
        h(
          "label",
          { class: "inline", for: "settings-approvals" },
          this.#approvals,
          "Ask me before every tool call (mounts hooks-approval)",
        ),
      ),
      h("div", { class: "row" }, apply),
      this.#status,
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.#apply();
    });
    replace(root, form);
    this.#showFields();
    playground.onSession(() => this.#showAnswering());
  }

  /** Says which model the current session uses, and when the form shows another one not yet applied. */
  #showAnswering(): void {
    const current = this.playground.current;
    if (!current) return;
    const answering = current.status.mounted.providers.join(", ") || "no model";
    const chosen = this.#provider === "mock" ? "mock" : this.#provider;
    const pending = !current.status.mounted.providers.some((name) => name === chosen || name.startsWith(chosen));
    this.#answering.textContent = pending
      ? `Answering now: ${answering} (the current session). The choice below is not applied yet: Apply starts a new session with it.`
      : `Answering now: ${answering} (the current session).`;
    this.#answering.className = pending ? "session-model alert-line" : "session-model";
  }

  #showFields(): void {
    this.#real.hidden = this.#provider === "mock";
    this.#offline.hidden = this.#provider !== "mock";
  }

  async #apply(): Promise<void> {
    const next: Settings = {
      provider: this.#provider,
      model: this.#model.value.trim(),
      baseUrl: this.#baseUrl.value.trim(),
      apiKey: this.#key.value.trim(),
      remember: this.#remember.checked,
      contextWindow: Math.max(1000, Math.floor(Number(this.#window.value) || 200_000)),
      approvals: this.#approvals.checked,
    };
    if (next.provider !== "mock" && !next.apiKey && !next.baseUrl) {
      this.#say(
        "Not applied: enter an API key (or a base URL of a server that needs none). The current session keeps its model.",
        true,
      );
      return;
    }
    this.playground.settings = next;
    saveSettings(next);
    this.#say("Starting a new session with these settings…", false);
    try {
      await this.playground.startNew();
      this.#say("Applied: a new session started with these settings.", false);
    } catch (error) {
      this.#say(`Could not start a session: ${describeError(error)}`, true);
    }
    this.#showAnswering();
  }

  #say(text: string, problem: boolean): void {
    this.#status.textContent = text;
    this.#status.className = problem ? "alert-line" : "hint";
    this.#status.setAttribute("role", problem ? "alert" : "status");
  }
}
