/**
 * The module code editor: CodeMirror 6 with JavaScript highlighting, line numbers, undo history and
 * bracket matching, and the place of an error (a SyntaxError's line and column) marked in the text
 * and the gutter with its message.
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { javascript } from "@codemirror/lang-javascript";
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { type Diagnostic, lintGutter, setDiagnostics } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from "@codemirror/view";

/** Options of {@link CodeEditor}. */
export interface CodeEditorOptions {
  /** The id and accessible name of the editable element (what a label or a test finds). */
  readonly id: string;
  readonly label: string;
  /** Called after each edit by the user (not when the text is set by the page). */
  readonly onChange: (text: string) => void;
}

/** A CodeMirror editor for one module file at a time. */
export class CodeEditor {
  readonly element: HTMLElement;
  readonly #view: EditorView;
  #settingText = false;

  constructor(options: CodeEditorOptions) {
    this.element = document.createElement("div");
    this.element.className = "code-editor";
    this.#view = new EditorView({
      parent: this.element,
      state: EditorState.create({
        doc: "",
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          highlightActiveLine(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          javascript(),
          lintGutter(),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          EditorView.contentAttributes.of({ id: options.id, "aria-label": options.label, spellcheck: "false" }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged && !this.#settingText) options.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
  }

  /** The text being edited. */
  get text(): string {
    return this.#view.state.doc.toString();
  }

  /** Replaces the text (a file picked, an example loaded) without counting as the user's edit. */
  setText(text: string): void {
    this.#settingText = true;
    try {
      this.#view.dispatch({ changes: { from: 0, to: this.#view.state.doc.length, insert: text } });
      this.#view.dispatch(setDiagnostics(this.#view.state, []));
    } finally {
      this.#settingText = false;
    }
  }

  /**
   * Marks an error at a 1-based line and column: the rest of the line is underlined, the gutter
   * shows the message, and the line is scrolled into view with the cursor on it.
   */
  markError(line: number, column: number, message: string): void {
    const state = this.#view.state;
    if (line < 1 || line > state.doc.lines) return;
    const target = state.doc.line(line);
    const from = Math.min(target.from + Math.max(column - 1, 0), target.to);
    const to = from < target.to ? target.to : Math.min(from + 1, state.doc.length);
    const diagnostic: Diagnostic = { from, to, severity: "error", message, source: "sandbox" };
    this.#view.dispatch(setDiagnostics(state, [diagnostic]), {
      selection: { anchor: from },
      effects: EditorView.scrollIntoView(from, { y: "center" }),
    });
  }

  /** Removes the marked errors (a new validation is running). */
  clearErrors(): void {
    this.#view.dispatch(setDiagnostics(this.#view.state, []));
  }
}
