/**
 * A form generated from a tool's `input_schema`: one field per top-level property (text, number,
 * a choice for an enum, a box for a boolean, JSON for anything nested), written into a JSON
 * editor that holds what is sent. The JSON can be edited by hand too; the form follows it.
 */
import { h, replace } from "./dom.ts";
import { sampleValue } from "./schema-sample.ts";

type Schema = Record<string, unknown>;

/** The form of one schema and the JSON it edits. */
export class SchemaForm {
  readonly element: HTMLElement;
  readonly #fields = h("div", { class: "schema-fields" });
  readonly #json: HTMLTextAreaElement;
  readonly #problem = h("p", { class: "hint", role: "status" });
  readonly #idPrefix: string;
  #schema: Schema = {};
  #properties: [string, Schema][] = [];

  constructor(idPrefix: string, jsonLabel: string) {
    this.#idPrefix = idPrefix;
    this.#json = h("textarea", { id: `${idPrefix}-json`, class: "code config", spellcheck: false, rows: 6 });
    this.#json.addEventListener("input", () => this.#fromJson());
    this.element = h("div", {}, this.#fields, h("label", { for: this.#json.id }, jsonLabel), this.#json, this.#problem);
  }

  /** Shows the fields of `schema`, filled with arguments generated from it (`seed` for the first text). */
  show(schema: Schema, seed?: string): void {
    this.#schema = schema;
    const properties = isRecord(schema.properties) ? schema.properties : {};
    this.#properties = Object.entries(properties).map(([key, value]) => [key, isRecord(value) ? value : {}]);
    const { value, unsupported } = sampleValue(schema, seed);
    this.#json.value = JSON.stringify(value, null, 2);
    this.#renderFields(isRecord(value) ? value : {});
    this.#say(
      unsupported.length > 0
        ? `Generated from the schema; check ${unsupported.join("; ")} (not honoured by the generator).`
        : "Generated from the schema; edit any field or the JSON.",
      false,
    );
  }

  /** The JSON as edited, or a problem to show. */
  value(): { value: Record<string, unknown> } | { problem: string } {
    try {
      const parsed: unknown = JSON.parse(this.#json.value);
      if (!isRecord(parsed)) return { problem: "The arguments must be a JSON object, like {}." };
      return { value: parsed };
    } catch (error) {
      return { problem: `The arguments are not JSON: ${(error as Error).message}` };
    }
  }

  #renderFields(value: Record<string, unknown>): void {
    const required = new Set(Array.isArray(this.#schema.required) ? this.#schema.required : []);
    replace(
      this.#fields,
      ...this.#properties.map(([key, schema]) => {
        const id = `${this.#idPrefix}-field-${key}`;
        const label = `${key}${required.has(key) ? " (required)" : ""}`;
        const description = typeof schema.description === "string" ? schema.description : undefined;
        return h(
          "div",
          { class: "schema-field" },
          h("label", { for: id }, label),
          this.#input(id, key, schema, value[key]),
          description ? h("span", { class: "hint" }, description) : undefined,
        );
      }),
    );
  }

  #input(id: string, key: string, schema: Schema, current: unknown): HTMLElement {
    const write = (next: unknown) => this.#write(key, next);
    if (Array.isArray(schema.enum)) {
      const select = h("select", { id }, ...schema.enum.map((option) => h("option", {}, JSON.stringify(option))));
      select.value = JSON.stringify(current);
      select.addEventListener("change", () => write(JSON.parse(select.value)));
      return select;
    }
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    if (type === "boolean") {
      const box = h("input", { type: "checkbox", id });
      box.checked = current === true;
      box.addEventListener("change", () => write(box.checked));
      return box;
    }
    if (type === "number" || type === "integer") {
      const input = h("input", { type: "number", id, step: type === "integer" ? 1 : "any" });
      input.value = typeof current === "number" ? String(current) : "";
      input.addEventListener("input", () => write(input.value === "" ? undefined : Number(input.value)));
      return input;
    }
    if (type === "string") {
      const input = h("input", { type: "text", id, spellcheck: false });
      input.value = typeof current === "string" ? current : "";
      input.addEventListener("input", () => write(input.value));
      return input;
    }
    // Objects, arrays and anything else: edited as JSON.
    const area = h("textarea", { id, class: "code", rows: 2, spellcheck: false });
    area.value = JSON.stringify(current ?? null);
    area.addEventListener("input", () => {
      try {
        write(JSON.parse(area.value));
      } catch {
        this.#say(`${key}: not JSON yet.`, true);
      }
    });
    return area;
  }

  /** A field changed: the JSON follows (the fields are only a way to write it). */
  #write(key: string, next: unknown): void {
    const current = this.value();
    const base = "value" in current ? current.value : {};
    const updated = { ...base };
    if (next === undefined) delete updated[key];
    else updated[key] = next;
    this.#json.value = JSON.stringify(updated, null, 2);
    this.#say("", false);
  }

  /** The JSON changed by hand: the fields follow when it parses. */
  #fromJson(): void {
    const current = this.value();
    if ("problem" in current) {
      this.#say(current.problem, true);
      return;
    }
    this.#say("", false);
    this.#renderFields(current.value);
  }

  #say(text: string, problem: boolean): void {
    this.#problem.textContent = text;
    this.#problem.className = problem ? "hint alert-line" : "hint";
  }
}

function isRecord(value: unknown): value is Schema {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
