/**
 * What the next session mounts, composed on purpose: the list (each module removable), how it
 * differs from the current session, and the button that starts a session with exactly that list.
 * Below it, what the current session has mounted.
 */
import { describeError, h, replace } from "./dom.ts";
import type { MountedModule } from "./plan.ts";
import type { CurrentSession, Playground } from "./playground.ts";

/** The next session's list and the current session's modules. */
export class CompositionView {
  readonly element: HTMLElement;
  readonly #nextList = h("ul", { class: "mounted", id: "next-list", "aria-label": "Next session" });
  readonly #difference = h("p", { class: "hint", id: "next-difference" });
  readonly #start = h("button", { type: "button", id: "start-session" }, "Start a new session with this list");
  readonly #mountedList = h("ul", { class: "mounted", id: "mounted-list", "aria-label": "Current session" });
  #busy = false;

  constructor(
    private readonly playground: Playground,
    private readonly say: (message: string, problem: boolean) => void,
  ) {
    this.#start.addEventListener("click", () => void this.#startSession());
    this.element = h(
      "div",
      { class: "composition" },
      h("h3", {}, "Next session"),
      h("p", { class: "hint" }, "A new session mounts exactly this list, each module in a sandbox of its own."),
      this.#nextList,
      h("div", { class: "row" }, this.#start, this.#difference),
      h("h3", {}, "Mounted in the current session"),
      this.#mountedList,
    );
    playground.onNextChanged(() => this.#render());
    playground.onSession((current) => {
      this.#showMounted(current);
      this.#render();
    });
    playground.onOpening((opening) => {
      this.#busy = opening;
      this.#render();
    });
    this.#render();
  }

  #render(): void {
    const next = this.playground.next;
    replace(
      this.#nextList,
      ...(next.length === 0
        ? [h("li", { class: "empty" }, "No module: only the built-in ones (loop, memory, calculator, the model).")]
        : next.map((module) => {
            const remove = h("button", { type: "button", "aria-label": `Remove ${module.id}` }, "Remove");
            remove.disabled = this.#busy;
            remove.addEventListener("click", () => this.playground.removeFromNext(module.id));
            return h("li", { "data-module": module.id }, h("span", {}, ...describeModule(module)), remove);
          })),
    );
    const current = this.playground.current?.mounted ?? [];
    const changes = differences(current, next);
    this.#difference.textContent =
      changes === "" ? "Same modules as the current session." : `Differs from the current session: ${changes}.`;
    this.#start.disabled = this.#busy;
    this.#start.classList.toggle("primary", changes !== "");
  }

  #showMounted(current: CurrentSession): void {
    replace(
      this.#mountedList,
      ...(current.mounted.length === 0
        ? [h("li", { class: "empty" }, "None yet: only the built-in modules are mounted.")]
        : current.mounted.map((module) => h("li", {}, h("span", {}, ...describeModule(module))))),
    );
  }

  async #startSession(): Promise<void> {
    const names = this.playground.next.map((module) => module.id);
    this.say(`Starting a new session with ${names.join(", ") || "the built-in modules only"}…`, false);
    try {
      const current = await this.playground.startNew();
      const failed = current.status.failedModules.map((failure) => failure.module_id);
      this.say(
        failed.length > 0
          ? `Started, but ${failed.join(", ")} failed to load: see the chat and the events (module:load_failed).`
          : `Started a new session with ${names.join(", ") || "the built-in modules only"}.`,
        failed.length > 0,
      );
    } catch (error) {
      this.say(`Could not start the session: ${describeError(error)}`, true);
      if (!this.playground.current) await this.playground.recover();
    }
  }
}

/** `tool-word-count` tool, no permissions, 32 MB, 1000 ms per call, own worker. */
export function describeModule(module: MountedModule): (Node | string)[] {
  // Bound names are the module's own, not a grant of authority.
  const granted = Object.keys(module.sandbox.permissions ?? {}).filter((key) => key !== "names");
  const grants = granted.length > 0 ? granted.join(", ") : "no permissions";
  const where = module.sandbox.placement === "worker" ? "own worker" : "inline";
  return [
    h("strong", {}, module.id),
    ` ${module.type}, ${grants}, ${module.sandbox.memory_mb} MB, ${module.sandbox.timeout_ms} ms per call, ${where}`,
  ];
}

/** `+ hooks-guard, − tool-word-count, ~ history-stats (changed)`, or "" when the lists mount the same. */
function differences(current: readonly MountedModule[], next: readonly MountedModule[]): string {
  const byId = (list: readonly MountedModule[]) => new Map(list.map((module) => [module.id, module]));
  const before = byId(current);
  const after = byId(next);
  const parts: string[] = [];
  for (const [id, module] of after) {
    const previous = before.get(id);
    if (!previous) parts.push(`+ ${id}`);
    else if (canonical(previous) !== canonical(module)) parts.push(`~ ${id} (changed)`);
  }
  for (const id of before.keys()) if (!after.has(id)) parts.push(`− ${id}`);
  return parts.join(", ");
}

/** JSON with object keys sorted, so that two equal modules compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === "object" && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}
