/**
 * Step 2: the chat. A prompt box, the answer streamed with its tool calls inline, and a Stop
 * button that asks the loop to stop at its next step, then (clicked again) cancels at once.
 */
import { isEvent, KernelError, type Message, type SessionStatusReport, type WebSession } from "amplifier-edge/web";
import { CallComposer } from "./call-composer.ts";
import { append, describeError, h, replace } from "./dom.ts";
import type { CurrentSession, Playground } from "./playground.ts";
import { providerHint } from "./provider-hints.ts";
import { describeRepair } from "./repair-notice.ts";
import { TurnView, textOf } from "./turn-view.ts";

type FailedModule = SessionStatusReport["failedModules"][number];

/** The data of `storage:repaired`. */
interface RepairEventData {
  readonly session_id?: string | undefined;
  readonly repairs: unknown;
}

const OFFLINE_HINT =
  'Ask something. The offline model calls the calculator for arithmetic, calls any tool you name with call TOOL with {"arg": "value"}, and echoes anything else. Mount a module or add an MCP server in step 1 to give it new tools.';

const SEND_HINT = "Enter sends, Shift+Enter adds a line.";

/** The Chat panel. */
export class ChatPanel {
  readonly #log = h("div", {
    class: "chat-log",
    id: "chat-log",
    role: "log",
    "aria-live": "polite",
    "aria-label": "Conversation",
  });
  readonly #suggestions = h("div", { class: "suggestions row", id: "suggestions" });
  readonly #prompt = h("textarea", { id: "prompt", rows: 3, placeholder: "What is 6 * 7?" });
  readonly #send = h("button", { type: "submit", class: "primary", id: "send" }, "Send");
  readonly #stop = h("button", { type: "button", class: "danger", id: "stop", disabled: true }, "Stop");
  readonly #composerHint = h("span", { class: "hint", id: "composer-hint" }, SEND_HINT);
  readonly #calls = new CallComposer(this.#prompt);
  #session: WebSession | undefined;
  #turn: TurnView | undefined;
  #running = false;
  #opening = false;
  #stopStage = 0;
  readonly #turnEnded = new Set<() => void>();
  /** The resumed session whose history is drawn, so a repair notice can follow it. */
  #shown: string | undefined;
  /** A repair reported before its session's history was drawn. */
  #pendingRepair: RepairEventData | undefined;

  constructor(root: HTMLElement, playground: Playground) {
    const form = h(
      "form",
      { class: "composer", "aria-label": "Chat" },
      h("label", { for: "prompt" }, "Message"),
      this.#prompt,
      h("div", { class: "row" }, this.#send, this.#stop, this.#composerHint),
      this.#calls.element,
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.#submit();
    });
    this.#prompt.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    this.#stop.addEventListener("click", () => void this.#stopTurn());
    replace(root, this.#log, this.#suggestions, form);
    this.#empty();
    playground.onSession((current) => void this.#show(current));
    // A resume's repair is emitted while the session opens, before or after the page switches to it.
    playground.onEvent((event) => {
      if (isEvent(event, "storage:repaired"))
        this.#repaired({ session_id: event.data.session_id, repairs: event.data.repairs });
    });
    // While a session opens, the current one is closing: a message sent then would be lost with it.
    playground.onOpening((opening) => {
      this.#opening = opening;
      if (opening) this.#session = undefined;
      this.#updateControls();
    });
  }

  /** Called after each turn, whatever its outcome. */
  onTurnEnd(listener: () => void): void {
    this.#turnEnded.add(listener);
  }

  async #show(current: CurrentSession): Promise<void> {
    this.#session = current.session;
    this.#shown = undefined;
    replace(this.#log);
    this.#renderSuggestions(current);
    void this.#calls.show(current);
    if (current.resumed) {
      const messages = await current.session.messages().catch(() => [] as Message[]);
      this.#notice(`Resumed a stored session with ${messages.length} message${messages.length === 1 ? "" : "s"}.`);
      this.#drawHistory(messages);
      this.#shown = current.session.id;
      const pending = this.#pendingRepair;
      this.#pendingRepair = undefined;
      if (pending?.session_id === current.session.id) this.#repaired(pending);
    } else if (current.mounted.length > 0) {
      const names = current.mounted.map((module) => module.id).join(", ");
      this.#notice(`New session with ${names} mounted, each in a sandbox of its own.`);
    }
    if (!current.resumed && current.mcpServers.length > 0) {
      const names = current.mcpServers.map((server) => server.name).join(", ");
      this.#notice(
        `New session with the MCP server${current.mcpServers.length === 1 ? "" : "s"} ${names}. Type a tool's name and its arguments as JSON to call it (or press Try beside it in step 1).`,
      );
    }
    for (const failure of current.status.failedModules) {
      this.#notice(`⚠ A module failed to load: ${describeFailure(failure)}`, true);
    }
    if (this.#log.childElementCount === 0) this.#empty();
  }

  #renderSuggestions(current: CurrentSession): void {
    const prompts = [...new Set([...current.mounted.flatMap((module) => module.tryPrompt ?? []), "What is 6 * 7?"])];
    replace(
      this.#suggestions,
      h("span", { class: "hint" }, "Try:"),
      ...prompts.slice(0, 3).map((prompt) => {
        const button = h("button", { type: "button", class: "suggestion" }, prompt);
        button.addEventListener("click", () => {
          this.#prompt.value = prompt;
          this.#prompt.focus();
        });
        return button;
      }),
    );
  }

  #drawHistory(messages: readonly Message[]): void {
    let turn: TurnView | undefined;
    const turns: TurnView[] = [];
    for (const message of messages) {
      if (message.role === "user") {
        turn = undefined;
        this.#userBubble(textOf(message));
      } else if (message.role === "assistant") {
        if (!turn) {
          turn = this.#newTurn();
          turns.push(turn);
        }
        turn.drawStored(message);
      } else if (message.role === "tool") {
        turn?.drawStoredResult(message);
      }
    }
    for (const view of turns) view.endStored();
  }

  async #submit(): Promise<void> {
    const prompt = this.#prompt.value.trim();
    const session = this.#session;
    if (!prompt || !session || this.#running || this.#opening) return;
    this.#prompt.value = "";
    this.#log.querySelector(".empty")?.remove();
    this.#userBubble(prompt);
    const turn = this.#newTurn();
    this.#turn = turn;
    this.#setRunning(true);
    try {
      const answer = await session.execute(prompt, { onEvent: (event) => turn.handle(event) });
      // A call the user stopped is "stopped", whatever placeholder result the loop stored for it.
      if (this.#stopStage === 0) await this.#settleFromHistory(session, turn);
      turn.finish(answer);
    } catch (error) {
      const cancelled = KernelError.is(error, "cancelled");
      if (!cancelled && this.#stopStage === 0) await this.#settleFromHistory(session, turn);
      const message = describeError(error);
      turn.fail(`${message}${providerHint(message, location.origin)}`, cancelled);
    } finally {
      this.#setRunning(false);
      this.#log.scrollTop = this.#log.scrollHeight;
      for (const listener of this.#turnEnded) listener();
    }
  }

  /**
   * A call a hook denied has no event of its own; its result (`Denied by hook: …`) is in the stored
   * conversation, so the cards still waiting are filled from there.
   */
  async #settleFromHistory(session: WebSession, turn: TurnView): Promise<void> {
    const waiting = turn.waitingCallIds();
    if (waiting.length === 0) return;
    const messages = await session.messages().catch(() => [] as Message[]);
    for (const message of messages) {
      if (message.role === "tool" && waiting.includes(message.tool_call_id ?? "")) turn.drawStoredResult(message);
    }
  }

  async #stopTurn(): Promise<void> {
    const session = this.#session;
    if (!session || !this.#running) return;
    this.#stopStage += 1;
    const immediate = this.#stopStage > 1;
    this.#turn?.stopRequested(immediate);
    this.#stop.textContent = "Stop now";
    await session.cancel(immediate).catch(() => undefined);
  }

  #setRunning(running: boolean): void {
    this.#running = running;
    this.#stopStage = 0;
    this.#stop.textContent = "Stop";
    this.#updateControls();
    if (!running) this.#prompt.focus();
  }

  #updateControls(): void {
    this.#send.disabled = this.#running || this.#opening;
    this.#stop.disabled = !this.#running;
    this.#composerHint.textContent = this.#opening
      ? "Starting a new session… Send waits until it is ready."
      : SEND_HINT;
  }

  #newTurn(): TurnView {
    const turn = new TurnView();
    append(this.#log, turn.element);
    return turn;
  }

  #userBubble(text: string): void {
    append(
      this.#log,
      h("div", { class: "message user" }, h("div", { class: "who" }, "You"), h("div", { class: "text" }, text)),
    );
  }

  /** Puts `text` in the prompt box, ready to edit and send. */
  fill(text: string): void {
    this.#prompt.value = text;
    this.#prompt.focus();
  }

  /** Adds a notice to the conversation (e.g. why the last session was not resumed). */
  notice(text: string, problem = false): void {
    this.#notice(text, problem);
  }

  /** Says what resuming repaired, once the resumed history is drawn (kept until then). */
  #repaired(data: RepairEventData): void {
    if (data.session_id === undefined) return;
    if (this.#shown !== data.session_id) {
      this.#pendingRepair = data;
      return;
    }
    const text = describeRepair(data.repairs);
    if (text) this.#notice(text);
  }

  #notice(text: string, problem = false): void {
    this.#log.querySelector(".empty")?.remove();
    append(this.#log, h("div", { class: "message notice", role: problem ? "alert" : undefined }, text));
  }

  #empty(): void {
    append(this.#log, h("p", { class: "empty" }, OFFLINE_HINT));
  }
}

function describeFailure(failure: FailedModule): string {
  const error = failure.error.length > 300 ? `${failure.error.slice(0, 300)}…` : failure.error;
  return `${failure.module_id} (${failure.reason_code}): ${error}`;
}
