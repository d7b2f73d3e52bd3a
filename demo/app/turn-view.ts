/**
 * One turn in the chat, drawn from its events as they stream: the answer's text, each tool call
 * with its input and result, approvals, and what the sandbox stopped. Also draws stored history.
 */
import { isEvent, type Message, type WebEvent } from "amplifier-edge/web";
import { append, h, pretty } from "./dom.ts";

const RUNNING = "running…";

interface ToolCard {
  readonly element: HTMLElement;
  readonly state: HTMLElement;
  readonly body: HTMLElement;
}

/** Draws one assistant reply and its tool calls. */
export class TurnView {
  readonly element = h("div", { class: "message assistant" }, h("div", { class: "who" }, "Assistant"));
  #text: HTMLElement | undefined;
  #thinking: HTMLElement | undefined;
  readonly #cards = new Map<string, ToolCard>();
  #lastCard: ToolCard | undefined;
  #shownText = "";
  #stopRequested = false;

  /**
   * The user asked to stop this turn (the loop reports it only when it exits, so say it now);
   * calls still running end as "stopped".
   */
  stopRequested(immediate: boolean): void {
    this.#stopRequested = true;
    this.#notice(immediate ? "Stopping now…" : "Stopping after the current step… (click Stop now to cancel at once)");
  }

  /** Draws one event of the turn: the kernel's events come typed by name (`isEvent` narrows them). */
  handle(event: WebEvent): void {
    if (isEvent(event, "content_block:start")) {
      if (event.data.block_type === "text") this.#text = undefined;
      if (event.data.block_type === "thinking") this.#thinking = undefined;
    } else if (isEvent(event, "content_block:delta")) {
      if (event.data.block_type === "text") this.#appendText(event.data.delta);
    } else if (isEvent(event, "thinking:delta")) {
      this.#appendThinking(event.data.delta);
    } else if (isEvent(event, "tool:pre")) {
      this.#toolStarted(event.data.tool_call_id, event.data.tool_name, event.data.tool_input);
    } else if (isEvent(event, "tool:post")) {
      this.#toolFinished(event.data.tool_call_id, event.data.result);
    } else if (isEvent(event, "tool:error")) {
      this.#toolFailed(event.data.tool_call_id, event.data.error);
    } else if (isEvent(event, "approval:granted")) {
      // hooks-approval's own approval events name the call they are about.
      this.#note(String(event.data.tool_call_id ?? ""), `Approved (${event.data.decision ?? "allowed"}).`, false);
    } else if (isEvent(event, "approval:denied")) {
      const callId = String(event.data.tool_call_id ?? "");
      this.#note(callId, `Denied (${String(event.data.decision ?? event.data.reason ?? "denied")}).`, true);
      this.#settle(callId, "denied, not run");
    } else if (isEvent(event, "sandbox:killed")) {
      const { module, reason, message } = event.data;
      this.#alert(`The sandbox of ${module} was killed (${reason}): ${message ?? ""}`);
    } else if (isEvent(event, "policy:violation")) {
      const data = event.data;
      this.#alert(
        `${String(data.module)} was refused ${String(data.capability)} (${String(data.action)} ${String(data.target)}): ${String(data.reason)}. Grant it in step 1 to allow it.`,
      );
    }
  }

  /** Shows the final answer when no text was streamed (e.g. a loop that does not stream). */
  finish(answer: string): void {
    this.#settleAll();
    if (this.#stopRequested) append(this.element, h("p", { class: "muted" }, "Stopped by you."));
    if (this.#shownText.trim() === "" && answer.trim() !== "") this.#appendText(answer);
    else if (this.element.childElementCount === 1) append(this.element, h("p", { class: "muted" }, "(no answer)"));
  }

  /** Shows why the turn ended without an answer. */
  fail(message: string, cancelled: boolean): void {
    this.#settleAll();
    if (cancelled) this.#notice(`Stopped: ${message}`);
    else {
      this.element.classList.add("error");
      append(this.element, h("p", { class: "alert-line", role: "alert" }, `The turn failed: ${message}`));
    }
  }

  /** Draws an assistant message of the stored history (text and tool calls). */
  drawStored(message: Message): void {
    this.#appendText(textOf(message));
    this.#text = undefined;
    for (const call of message.tool_calls ?? []) this.#toolStarted(call.id, call.tool, call.arguments);
  }

  /** Marks the stored calls that never got a result. */
  endStored(): void {
    this.#settleAll();
  }

  /** The calls of this turn still shown as running (no result or error event reached them). */
  waitingCallIds(): string[] {
    return [...this.#cards].filter(([, card]) => card.state.textContent === RUNNING).map(([id]) => id);
  }

  /** Draws a stored tool result into its call's card. */
  drawStoredResult(message: Message): boolean {
    const id = message.tool_call_id ?? "";
    if (!this.#cards.has(id)) return false;
    const text = textOf(message);
    const failed = /^(Error|Denied)/i.test(text);
    this.#result(id, failed ? "failed" : "done", text, failed);
    return true;
  }

  #appendText(delta: string): void {
    if (!this.#text) {
      this.#text = h("div", { class: "text" });
      append(this.element, this.#text);
    }
    this.#text.textContent += delta;
    this.#shownText += delta;
  }

  #appendThinking(delta: string): void {
    if (!this.#thinking) {
      this.#thinking = h("pre", {});
      append(this.element, h("details", {}, h("summary", {}, "Thinking"), this.#thinking));
    }
    this.#thinking.textContent += delta;
  }

  #toolStarted(id: string, name: string, input: unknown): void {
    const state = h("span", { class: "state" }, RUNNING);
    const body = h("div", {});
    const element = h(
      "div",
      { class: "tool-call", "data-tool": name },
      h("div", {}, "Tool call ", h("strong", {}, name), " ", state),
      h("div", { class: "muted" }, "Input"),
      h("pre", {}, pretty(input)),
      body,
    );
    const card = { element, state, body };
    this.#cards.set(id, card);
    this.#lastCard = card;
    this.#text = undefined;
    append(this.element, element);
  }

  #toolFinished(id: string, result: unknown): void {
    const record = result !== null && typeof result === "object" ? (result as Record<string, unknown>) : {};
    if (record.success === false) {
      this.#result(id, "failed", pretty(record.error ?? record), true);
    } else {
      const output = record.output ?? record;
      this.#result(id, "done", typeof output === "string" ? output : pretty(output), false);
    }
  }

  #toolFailed(id: string, error: unknown): void {
    this.#result(id, "failed", pretty(error), true);
  }

  #result(id: string, state: string, text: string, failed: boolean): void {
    const card = this.#cards.get(id) ?? this.#lastCard;
    if (!card) return;
    card.state.textContent = state;
    card.element.classList.toggle("failed", failed);
    card.element.classList.toggle("ok", !failed);
    append(card.body, h("div", { class: "muted" }, failed ? "Error" : "Result"), h("pre", {}, text));
  }

  /** Marks a call that will not run (a hook denied it) without a result. */
  #settle(id: string, state: string): void {
    const card = this.#cards.get(id);
    if (!card || card.state.textContent !== RUNNING) return;
    card.state.textContent = state;
    card.element.classList.add("failed");
  }

  /** A turn that ended leaves no call "running". */
  #settleAll(): void {
    const state = this.#stopRequested ? "stopped" : "not run";
    for (const id of this.#cards.keys()) this.#settle(id, state);
  }

  #note(id: string, text: string, bad: boolean): void {
    const card = this.#cards.get(id);
    const line = h("p", { class: bad ? "alert-line" : "muted" }, text);
    if (card) append(card.body, line);
    else append(this.element, line);
  }

  #alert(text: string): void {
    append(this.element, h("p", { class: "alert-line", role: "alert" }, `⚠ ${text}`));
    this.#text = undefined;
  }

  #notice(text: string): void {
    append(this.element, h("p", { class: "muted" }, text));
  }
}

/** The text of a message's content (text blocks joined). */
export function textOf(message: Message): string {
  const content: unknown = message.content;
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((block: { type?: string; text?: string }) =>
      block.type === "text" && typeof block.text === "string" ? block.text : "",
    )
    .filter((text) => text !== "")
    .join("\n");
}
