/**
 * Under the message box: pick a tool of the session and write the line that makes the offline model
 * call it, `call word_count with {"text": "…"}`, with arguments generated from the tool's schema
 * (the text asked about goes into its first text field). The line lands in the message box, to be
 * edited before it is sent.
 */
import type { WebToolInfo } from "amplifier-edge/web";
import { h, replace } from "./dom.ts";
import type { CurrentSession } from "./playground.ts";
import { sampleValue } from "./schema-sample.ts";

/** The "Call a tool" row of the chat. */
export class CallComposer {
  readonly element: HTMLElement;
  readonly #picker = h("select", { id: "call-tool", "aria-label": "Tool to call" });
  readonly #write = h("button", { type: "button", id: "write-call" }, "Write the call");
  readonly #note = h("span", { class: "hint", id: "call-note" });
  #tools: WebToolInfo[] = [];

  constructor(private readonly prompt: HTMLTextAreaElement) {
    this.#write.addEventListener("click", () => this.#writeCall());
    this.element = h(
      "div",
      { class: "row call-composer", hidden: true },
      h("span", { class: "hint" }, "Call a tool:"),
      this.#picker,
      this.#write,
      this.#note,
    );
  }

  /** Lists the tools of a new session (a tool of a module the user mounted first). */
  async show(current: CurrentSession): Promise<void> {
    const tools = await current.session.tools().catch(() => [] as WebToolInfo[]);
    const mine = (tool: WebToolInfo) => current.mounted.some((module) => module.tools.includes(tool.name));
    this.#tools = [...tools.filter(mine), ...tools.filter((tool) => !mine(tool))];
    replace(this.#picker, ...this.#tools.map((tool) => h("option", { value: tool.name }, tool.name)));
    this.element.hidden = this.#tools.length === 0;
    this.#note.textContent = current.status.mounted.providers.includes("mock")
      ? "The offline model calls it with exactly these arguments."
      : "A real model reads the line as a request; the offline model (Settings) follows it exactly.";
  }

  #writeCall(): void {
    const tool = this.#tools.find((candidate) => candidate.name === this.#picker.value);
    if (!tool) return;
    const { value } = sampleValue(tool.input_schema, seedOf(this.prompt.value));
    this.prompt.value = `call ${tool.name} with ${JSON.stringify(value)}`;
    this.prompt.focus();
  }
}

/** What the message asks about: its quoted part, else the message itself (unless it is already a call). */
export function seedOf(message: string): string | undefined {
  const text = message.trim();
  if (text === "" || /^call\s/i.test(text)) return undefined;
  const quoted = /["'“‘]([^"'”’]+)["'”’]/.exec(text)?.[1];
  return quoted ?? text;
}
