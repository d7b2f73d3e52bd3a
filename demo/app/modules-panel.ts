/**
 * Step 1: pick or paste a module, Validate it in a throwaway sandbox (each check shown), grant its
 * permissions one by one, set its limits, and mount it: a new session starts with it.
 */
import type { ModuleInspection, ValidationReport } from "amplifier-edge/web";
import { renderChecks } from "./checks-view.ts";
import { describeError, h, issueList, replace } from "./dom.ts";
import { type ModuleDraft, ModuleEditor } from "./module-editor.ts";
import { PermissionsView } from "./permissions-view.ts";
import type { MountedModule } from "./plan.ts";
import type { CurrentSession, Playground } from "./playground.ts";

interface Validated {
  readonly draft: ModuleDraft;
  readonly report: ValidationReport;
  readonly inspection: ModuleInspection;
}

/** The Modules panel. */
export class ModulesPanel {
  readonly #editor: ModuleEditor;
  // The editor is made in the constructor, after this view's first render.
  readonly #permissions = new PermissionsView(() => this.#editor?.type() ?? "tool");
  readonly #validate = h("button", { type: "button", class: "primary", id: "validate" }, "Validate");
  readonly #mount = h("button", { type: "button", id: "mount", disabled: true }, "Mount in a new session");
  readonly #mountHint = h("span", { class: "hint" }, "Validate the module first.");
  readonly #status = h("p", { class: "hint", role: "status", id: "module-status" });
  readonly #results = h("div", { id: "validation-results" });
  readonly #mountedList = h("ul", { class: "mounted", id: "mounted-list" });
  #validated: Validated | undefined;
  #busy = false;

  constructor(
    root: HTMLElement,
    private readonly playground: Playground,
  ) {
    this.#editor = new ModuleEditor(
      (example) =>
        this.#permissions.reset(example?.requests ?? {}, example?.limits ?? { memory_mb: 32, timeout_ms: 1000 }),
      () => this.#invalidate(),
    );
    this.#validate.addEventListener("click", () => void this.#runValidation());
    this.#mount.addEventListener("click", () => void this.#runMount());
    replace(
      root,
      this.#editor.element,
      h(
        "div",
        { class: "row" },
        this.#validate,
        h("span", { class: "hint" }, "Runs the validator's checks in a throwaway sandbox."),
      ),
      this.#results,
      this.#permissions.element,
      h("div", { class: "row" }, this.#mount, this.#mountHint),
      this.#status,
      h("h3", {}, "Mounted in the current session"),
      this.#mountedList,
    );
    playground.onSession((current) => this.#showMounted(current));
  }

  #invalidate(): void {
    this.#validated = undefined;
    this.#permissions.refresh();
    this.#mount.disabled = true;
    this.#mountHint.hidden = false;
    this.#validate.classList.add("primary");
    this.#mount.classList.remove("primary");
    this.#mount.textContent = "Mount in a new session";
    if (this.#results.childElementCount > 0) {
      replace(this.#results, h("p", { class: "hint" }, "The module changed: validate it again before mounting."));
    }
  }

  async #runValidation(): Promise<void> {
    if (this.#busy) return;
    let draft: ModuleDraft;
    try {
      draft = this.#editor.draft();
    } catch (error) {
      this.#say(describeError(error), true);
      return;
    }
    this.#setBusy(true, "Validating in a sandbox…");
    try {
      const options = { type: draft.type, config: draft.config, sandbox: this.#permissions.sandbox().sandbox };
      const report = await this.playground.client.validateModule(draft.source, options);
      const inspection = await this.playground.client.inspectModule(draft.source, options);
      this.#validated = { draft, report, inspection };
      renderChecks(this.#results, report, inspection);
      this.#permissions.addAttempts(inspection.requested);
      this.#mount.disabled = false;
      this.#mount.textContent = report.passed ? "Mount in a new session" : "Mount anyway in a new session";
      this.#say(
        report.passed
          ? "Valid. Review the permissions above, then mount it."
          : "Validation failed. You can still mount it: the sandbox keeps the page safe.",
        !report.passed,
      );
    } catch (error) {
      replace(this.#results, issueList(error, "validation-problems"));
      this.#say(`Could not validate: ${describeError(error)}`, true);
    } finally {
      this.#setBusy(false);
    }
  }

  async #runMount(): Promise<void> {
    const validated = this.#validated;
    if (!validated || this.#busy) return;
    const { draft, inspection } = validated;
    const { sandbox, secrets } = this.#permissions.sandbox();
    const tools = inspection.tools.map((tool) => tool.name);
    // The names it mounted when inspected are bound to it, so no other module can take them.
    const names = [...tools, ...inspection.providers];
    const module: MountedModule = {
      id: draft.id,
      type: draft.type,
      title: draft.title,
      source: draft.source,
      config: draft.config,
      sandbox: names.length > 0 ? { ...sandbox, permissions: { ...sandbox.permissions, names } } : sandbox,
      tools,
      providers: inspection.providers,
      ...(draft.example?.script ? { script: draft.example.script } : {}),
      ...(draft.example?.tryPrompt ? { tryPrompt: draft.example.tryPrompt } : {}),
    };
    this.#setBusy(true, `Mounting ${draft.id} in a new session…`);
    try {
      const current = await this.playground.mount(module, secrets);
      const failed = current.status.failedModules.find((failure) => JSON.stringify(failure).includes(draft.id));
      this.#say(
        failed
          ? `${draft.id} failed to mount: see the chat and the events (module:load_failed).`
          : `Mounted ${draft.id} in a new session. Now chat with it in step 2.`,
        failed !== undefined,
      );
    } catch (error) {
      this.#say(`Could not start a session with ${draft.id}: ${describeError(error)}`, true);
      if (!this.playground.current) await this.playground.startNew().catch(() => undefined);
    } finally {
      this.#setBusy(false);
    }
  }

  #showMounted(current: CurrentSession): void {
    if (current.mounted.length === 0) {
      replace(this.#mountedList, h("li", { class: "empty" }, "None yet: only the built-in modules are mounted."));
      return;
    }
    replace(
      this.#mountedList,
      ...current.mounted.map((module) => {
        const remove = h("button", { type: "button", "aria-label": `Remove ${module.id}` }, "Remove");
        remove.addEventListener("click", () => void this.#remove(module.id));
        // Bound names are the module's own, not a grant of authority.
        const granted = Object.keys(module.sandbox.permissions ?? {}).filter((key) => key !== "names");
        const grants = granted.length > 0 ? granted.join(", ") : "no permissions";
        const where = module.sandbox.placement === "worker" ? "own worker" : "inline";
        return h(
          "li",
          {},
          h(
            "span",
            {},
            h("strong", {}, module.id),
            ` ${module.type}, ${grants}, ${module.sandbox.memory_mb} MB, ${module.sandbox.timeout_ms} ms per call, ${where}`,
          ),
          remove,
        );
      }),
    );
  }

  async #remove(id: string): Promise<void> {
    this.#setBusy(true, `Removing ${id}: a new session starts without it…`);
    try {
      await this.playground.unmount(id);
      this.#say(`Removed ${id}.`, false);
    } catch (error) {
      this.#say(describeError(error), true);
    } finally {
      this.#setBusy(false);
    }
  }

  #setBusy(busy: boolean, message?: string): void {
    this.#busy = busy;
    this.#validate.disabled = busy;
    this.#mount.disabled = busy || this.#validated === undefined;
    this.#mountHint.hidden = this.#validated !== undefined;
    // The next step is the highlighted one: Validate, then Mount.
    this.#validate.classList.toggle("primary", this.#validated === undefined);
    this.#mount.classList.toggle("primary", this.#validated !== undefined);
    if (message) this.#say(message, false);
  }

  #say(message: string, problem: boolean): void {
    this.#status.textContent = message;
    this.#status.className = problem ? "hint alert-line" : "hint";
  }
}
