/**
 * Where a module comes from: an example picked from the list, code pasted into the editor, or
 * files uploaded (one file, or a few with an entry). The text is only ever run in a sandbox.
 */
import type { ModuleType, WebModuleSource } from "amplifier-edge/web";
import { EXAMPLES, type Example } from "./catalog.ts";
import { CodeEditor } from "./code-editor.ts";
import { append, h, replace } from "./dom.ts";

/** The module being edited, as the page will send it. */
export interface ModuleDraft {
  readonly id: string;
  readonly type: ModuleType;
  readonly title: string;
  readonly source: WebModuleSource;
  readonly config: Record<string, unknown>;
  readonly example: Example | undefined;
}

const OWN = "own";
const TYPES: readonly { value: ModuleType; label: string }[] = [
  { value: "tool", label: "Tool" },
  { value: "hook", label: "Hook" },
  { value: "provider", label: "Provider (model)" },
  { value: "context", label: "Context (memory)" },
  { value: "orchestrator", label: "Orchestrator (agent loop)" },
];
const BLANK_MODULE = `// Paste an ES module here. It runs in a QuickJS sandbox and may import only "amplifier-core"
// and its own files. Try changing the example below.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator, config) {
  await coordinator.mount("tools", {
    name: "shout",
    description: "Upper-cases a text",
    input_schema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
    async execute(input) {
      return ToolResult.ok(String(input.text).toUpperCase());
    },
  }, { name: "shout" });
}
`;

/** The source editor. `onChange` fires on every edit (the last validation no longer applies). */
export class ModuleEditor {
  readonly element: HTMLElement;
  readonly #picker = h("select", { id: "example-picker" });
  readonly #summary = h("p", { class: "hint", id: "example-summary" });
  readonly #id = h("input", { type: "text", id: "module-id", spellcheck: false, autocomplete: "off" });
  readonly #type = h("select", { id: "module-type" });
  readonly #fileRow = h("div", { hidden: true });
  readonly #fileSelect = h("select", { id: "module-file" });
  readonly #code = new CodeEditor({
    id: "module-code",
    label: "Module code",
    onChange: (text) => {
      this.#files[this.#file] = text;
      this.onChange();
    },
  });
  readonly #error = h("p", { class: "alert-line", id: "module-code-error", role: "alert", hidden: true });
  readonly #config = h("textarea", { id: "module-config", class: "code config", spellcheck: false });
  #files: Record<string, string> = {};
  #entry = "index.js";
  #file = "index.js";
  #example: Example | undefined;

  constructor(
    private readonly onPick: (example: Example | undefined) => void,
    private readonly onChange: () => void,
  ) {
    for (const example of EXAMPLES) append(this.#picker, h("option", { value: example.id }, example.title));
    append(this.#picker, h("option", { value: OWN }, "Your own module (paste or upload)"));
    for (const type of TYPES) append(this.#type, h("option", { value: type.value }, type.label));
    const upload = h("input", {
      type: "file",
      id: "module-upload",
      multiple: true,
      accept: ".js,.mjs,text/javascript",
    });

    this.#picker.addEventListener("change", () => this.pick(this.#picker.value));
    this.#fileSelect.addEventListener("change", () => this.#showFile(this.#fileSelect.value));
    for (const input of [this.#id, this.#type, this.#config]) input.addEventListener("input", () => this.onChange());
    upload.addEventListener("change", () => void this.#upload(upload));

    replace(this.#fileRow, h("label", { for: "module-file" }, "File"), this.#fileSelect);
    this.element = h(
      "div",
      {},
      h("label", { for: "example-picker" }, "Start from"),
      this.#picker,
      this.#summary,
      h(
        "div",
        { class: "grid2" },
        h("div", {}, h("label", { for: "module-id" }, "Module id"), this.#id),
        h("div", {}, h("label", { for: "module-type" }, "Module kind"), this.#type),
      ),
      this.#fileRow,
      h("div", { class: "label", id: "module-code-label" }, "Module code"),
      this.#code.element,
      this.#error,
      h("label", { for: "module-upload" }, "Or upload .js files (one module; index.js is the entry)"),
      upload,
      h("label", { for: "module-config" }, "Config (JSON, passed to mount)"),
      this.#config,
    );
    this.pick(EXAMPLES[0]?.id ?? OWN);
  }

  /** Loads an example (or a blank module for `"own"`) into the editor. */
  pick(id: string): void {
    const example = EXAMPLES.find((candidate) => candidate.id === id);
    this.#picker.value = example ? example.id : OWN;
    this.#example = example;
    if (example) {
      const source = example.source;
      this.#setFiles(
        typeof source === "string" ? { "index.js": source } : source.files,
        typeof source === "string" ? "index.js" : source.entry,
      );
      this.#id.value = example.id;
      this.#type.value = example.type;
      this.#config.value = JSON.stringify(example.config, null, 2);
      this.#summary.textContent = example.summary;
    } else {
      this.#setFiles({ "index.js": BLANK_MODULE }, "index.js");
      this.#id.value = "my-module";
      this.#type.value = "tool";
      this.#config.value = "{}";
      this.#summary.textContent = "Paste a module, or upload its files. Validate it before you mount it.";
    }
    this.onPick(example);
    this.onChange();
  }

  /** The kind of module being edited. */
  type(): ModuleType {
    return this.#type.value as ModuleType;
  }

  /** The module as edited.
   * @throws Error naming the field when the id or the config is not usable. */
  draft(): ModuleDraft {
    const id = this.#id.value.trim();
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) {
      throw new Error("Module id: use letters, digits, dot, dash or underscore (e.g. my-tool).");
    }
    let config: unknown;
    try {
      config = JSON.parse(this.#config.value.trim() || "{}");
    } catch (error) {
      throw new Error(`Config is not valid JSON: ${(error as Error).message}`);
    }
    if (config === null || typeof config !== "object" || Array.isArray(config)) {
      throw new Error('Config must be a JSON object, e.g. {} or {"deny": ["calculator"]}.');
    }
    const names = Object.keys(this.#files);
    const source: WebModuleSource =
      names.length === 1 ? (this.#files[names[0]!] ?? "") : { files: { ...this.#files }, entry: this.#entry };
    const title = this.#example && this.#example.id === id ? this.#example.title : id;
    return {
      id,
      type: this.#type.value as ModuleType,
      title,
      source,
      config: config as Record<string, unknown>,
      example: this.#example?.id === id ? this.#example : undefined,
    };
  }

  /** Replaces the code of the entry file (what a user pasting does). */
  setCode(text: string): void {
    this.#code.setText(text);
    this.#files[this.#file] = text;
    this.onChange();
  }

  /**
   * Shows where the module failed to load: opens the file (a path under the module's folder,
   * `/index.js`), marks the line and column, and says it under the editor.
   */
  markError(location: { file: string; line: number; column: number }, message: string): void {
    const name = location.file.replace(/^\//, "");
    if (!Object.hasOwn(this.#files, name)) return;
    if (name !== this.#file) this.#showFile(name);
    this.#code.markError(location.line, location.column, message);
    this.#error.textContent = `${name}, line ${location.line}, column ${location.column}: ${message}`;
    this.#error.hidden = false;
  }

  /** Removes a marked error (the module is validated again). */
  clearError(): void {
    this.#code.clearErrors();
    this.#error.hidden = true;
  }

  #setFiles(files: Record<string, string>, entry: string): void {
    this.#files = { ...files };
    this.#entry = entry;
    const names = Object.keys(files);
    replace(
      this.#fileSelect,
      ...names.map((name) => h("option", { value: name }, name === entry ? `${name} (entry)` : name)),
    );
    this.#fileRow.hidden = names.length < 2;
    this.#showFile(entry);
  }

  #showFile(name: string): void {
    this.#file = name;
    this.#fileSelect.value = name;
    this.#code.setText(this.#files[name] ?? "");
    this.#error.hidden = true;
  }

  async #upload(input: HTMLInputElement): Promise<void> {
    const chosen = [...(input.files ?? [])];
    if (chosen.length === 0) return;
    const files: Record<string, string> = {};
    for (const file of chosen) files[file.name] = await file.text();
    const names = Object.keys(files);
    const entry = names.includes("index.js") ? "index.js" : names[0]!;
    this.#picker.value = OWN;
    this.#example = undefined;
    this.#id.value = entry.replace(/\.m?js$/, "").replace(/[^A-Za-z0-9._-]/g, "-") || "my-module";
    if (entry === "index.js" && names.length > 0) this.#id.value = "my-module";
    this.#summary.textContent = `Uploaded ${names.join(", ")}.`;
    this.#setFiles(files, entry);
    this.onPick(undefined);
    this.onChange();
  }
}
