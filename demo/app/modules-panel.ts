/**
 * Step 1: pick or paste a module, Validate it in a throwaway sandbox (each check shown), grant its
 * permissions one by one, set its limits, and put it in the next session's list (or mount it alone
 * in a new session at once).
 */
import type { ModuleInspection, ValidationReport } from "amplifier-edge/web";
import { renderChecks } from "./checks-view.ts";
import { CompositionView } from "./composition-view.ts";
import { describeError, h, issueList, replace } from "./dom.ts";
import { type ModuleDraft, ModuleEditor } from "./module-editor.ts";
import { PermissionsView } from "./permissions-view.ts";
import type { MountedModule } from "./plan.ts";
import type { Playground } from "./playground.ts";

const MOUNT_ALONE = "Mount alone in a new session";

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
  readonly #add = h("button", { type: "button", id: "add-module", disabled: true }, "Add to the next session");
  readonly #mount = h("button", { type: "button", id: "mount", disabled: true }, MOUNT_ALONE);
  readonly #mountHint = h("span", { class: "hint" }, "Validate the module first.");
  readonly #status = h("p", { class: "hint", role: "status", id: "module-status" });
  readonly #results = h("div", { id: "validation-results" });
  #validated: Validated | undefined;
  #busy = false;
  #opening = false;

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
    this.#add.addEventListener("click", () => this.#addToNext());
    this.#mount.addEventListener("click", () => void this.#mountAlone());
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
      h("div", { class: "row" }, this.#add, this.#mount, this.#mountHint),
      this.#status,
      new CompositionView(playground, (message, problem) => this.#say(message, problem)).element,
    );
    playground.onOpening((opening) => {
      this.#opening = opening;
      this.#setBusy(this.#busy);
    });
  }

  #invalidate(): void {
    this.#validated = undefined;
    this.#permissions.refresh();
    this.#mount.disabled = true;
    this.#add.disabled = true;
    this.#mountHint.hidden = false;
    this.#validate.classList.add("primary");
    this.#add.classList.remove("primary");
    this.#mount.textContent = MOUNT_ALONE;
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
    this.#editor.clearError();
    try {
      const options = {
        id: draft.id,
        type: draft.type,
        config: draft.config,
        sandbox: this.#permissions.sandbox().sandbox,
      };
      const report = await this.playground.client.validateModule(draft.source, options);
      const notLoaded = report.checks.find((check) => check.name === "module_importable" && !check.passed);
      if (notLoaded?.location) this.#editor.markError(notLoaded.location, notLoaded.message);
      const inspection = await this.playground.client.inspectModule(draft.source, options);
      this.#validated = { draft, report, inspection };
      renderChecks(this.#results, report, inspection);
      this.#permissions.addAttempts(inspection.requested);
      this.#mount.textContent = report.passed ? MOUNT_ALONE : "Mount anyway, alone in a new session";
      this.#say(
        report.passed
          ? "Valid. Review the permissions above, then add it to the next session or mount it alone."
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

  /** The validated module with the permissions and limits as set, or undefined before validation. */
  #module(): { module: MountedModule; secrets: Record<string, string> } | undefined {
    const validated = this.#validated;
    if (!validated) return undefined;
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
      toolSchemas: Object.fromEntries(
        inspection.tools.map((tool) => [tool.name, tool.input_schema as Record<string, unknown>]),
      ),
      ...(draft.example?.tryPrompt ? { tryPrompt: draft.example.tryPrompt } : {}),
    };
    return { module, secrets };
  }

  #addToNext(): void {
    const chosen = this.#module();
    if (!chosen || this.#busy) return;
    const replaced = this.playground.addToNext(chosen.module, chosen.secrets);
    const id = chosen.module.id;
    this.#say(
      replaced === undefined
        ? `Added ${id} to the next session. Start it below when the list is what you want.`
        : `${id} replaces ${replaced === id ? "the earlier version of itself" : replaced} in the next session.`,
      false,
    );
  }

  async #mountAlone(): Promise<void> {
    const chosen = this.#module();
    if (!chosen || this.#busy) return;
    const id = chosen.module.id;
    this.#setBusy(true, `Mounting ${id} alone in a new session…`);
    const kept = this.playground.next;
    this.playground.replaceNext([]);
    this.playground.addToNext(chosen.module, chosen.secrets);
    try {
      const current = await this.playground.startNew();
      const failed = current.status.failedModules.find((failure) => failure.module_id === id);
      this.#say(
        failed
          ? `${id} failed to mount: see the chat and the events (module:load_failed).`
          : `Mounted ${id} in a new session. Now chat with it in step 2.`,
        failed !== undefined,
      );
    } catch (error) {
      this.#say(`Could not start a session with ${id}: ${describeError(error)}`, true);
      this.playground.replaceNext(kept);
      await this.playground.recover();
    } finally {
      this.#setBusy(false);
    }
  }

  #setBusy(busy: boolean, message?: string): void {
    this.#busy = busy;
    const blocked = busy || this.#opening;
    this.#validate.disabled = busy;
    this.#mount.disabled = blocked || this.#validated === undefined;
    this.#add.disabled = blocked || this.#validated === undefined;
    this.#mountHint.hidden = this.#validated !== undefined;
    // The next step is the highlighted one: Validate, then Add.
    this.#validate.classList.toggle("primary", this.#validated === undefined);
    this.#add.classList.toggle("primary", this.#validated !== undefined);
    if (message) this.#say(message, false);
  }

  #say(message: string, problem: boolean): void {
    this.#status.textContent = message;
    this.#status.className = problem ? "hint alert-line" : "hint";
  }
}
