/**
 * Stored sessions (IndexedDB, in the worker): resume one, export it as JSON, import one, delete it.
 * The session shown before a reload is resumed by itself when the page opens again.
 */
import type { WebSessionInfo } from "amplifier-edge/web";
import { describeError, download, h, issueList, replace } from "./dom.ts";
import type { Playground } from "./playground.ts";

/** The Sessions tab. */
export class SessionsPanel {
  readonly #list = h("ul", { class: "sessions", id: "session-list", "aria-label": "Stored sessions" });
  readonly #status = h("p", { class: "hint", role: "status", id: "sessions-status" });
  /** What was wrong with the last value refused (an imported export), problem by problem. */
  readonly #problems = h("div");
  #refreshing: Promise<void> | undefined;
  #again = false;

  constructor(
    root: HTMLElement,
    private readonly playground: Playground,
  ) {
    const fresh = h("button", { type: "button", class: "primary", id: "new-session" }, "New session");
    fresh.addEventListener("click", () =>
      this.#act("Starting a new session…", async () => {
        await playground.startNew();
        return "Started a new session.";
      }),
    );
    const upload = h("input", { type: "file", id: "session-import", accept: ".json,application/json" });
    upload.addEventListener("change", () => {
      const file = upload.files?.[0];
      if (!file) return;
      void this.#act(`Importing ${file.name}…`, async () => {
        const text = await file.text();
        const id = await playground.client.importSession(text);
        upload.value = "";
        playground.listChanged();
        const original = exportedId(text);
        // The worker keeps a stored session and imports a second import of it under a new id.
        return original !== undefined && original !== id
          ? `Imported as a copy: ${id} (session ${original} is already stored). Resume it from the list.`
          : `Imported as ${id}. Resume it from the list.`;
      });
    });
    replace(
      root,
      h("p", { class: "hint" }, "Sessions are stored in this browser (IndexedDB) and survive a reload."),
      h("div", { class: "row" }, fresh),
      h("label", { for: "session-import" }, "Import a session (JSON exported here)"),
      upload,
      this.#status,
      this.#problems,
      this.#list,
    );
    playground.onListChanged(() => void this.refresh());
  }

  /** Reads the list again (coalescing bursts of changes). */
  async refresh(): Promise<void> {
    if (this.#refreshing) {
      this.#again = true;
      return this.#refreshing;
    }
    this.#refreshing = (async () => {
      do {
        this.#again = false;
        try {
          this.#render(await this.playground.client.listSessions());
        } catch (error) {
          this.#status.textContent = `Could not list the sessions: ${describeError(error)}`;
        }
      } while (this.#again);
    })().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  #render(sessions: readonly WebSessionInfo[]): void {
    const currentId = this.playground.current?.session.id;
    if (sessions.length === 0) {
      replace(this.#list, h("li", { class: "empty" }, "No stored session yet: send a message and it appears here."));
      return;
    }
    const currentListed = sessions.some((info) => info.sessionId === currentId);
    replace(
      this.#list,
      currentListed
        ? undefined
        : h("li", { class: "empty" }, "The session shown now appears here after its first message."),
      ...sessions.map((info) => {
        const isCurrent = info.sessionId === currentId;
        const title = info.title ?? "(untitled)";
        const resume = h(
          "button",
          { type: "button", disabled: isCurrent || !info.resumable },
          isCurrent ? "Current" : "Resume",
        );
        resume.setAttribute("aria-label", `${isCurrent ? "Current session" : "Resume"} ${title}`);
        resume.addEventListener("click", () =>
          this.#act("Resuming…", async () => {
            await this.playground.resume(info.sessionId);
            return `Resumed “${title}”.`;
          }),
        );
        const exportButton = h("button", { type: "button", "aria-label": `Export ${title}` }, "Export");
        exportButton.addEventListener("click", () =>
          this.#act("Exporting…", async () => {
            const exported = await this.playground.client.exportSession(info.sessionId);
            download(`session-${info.sessionId}.json`, JSON.stringify(exported, null, 2));
            return `Exported “${title}”.`;
          }),
        );
        const remove = h("button", { type: "button", class: "danger", "aria-label": `Delete ${title}` }, "Delete");
        remove.addEventListener("click", () =>
          this.#act("Deleting…", async () => {
            await this.playground.delete(info.sessionId);
            return `Deleted “${title}”.`;
          }),
        );
        return h(
          "li",
          { class: isCurrent ? "current" : undefined, "data-session": info.sessionId },
          h("strong", {}, title),
          h(
            "div",
            { class: "hint" },
            `${info.sessionId.slice(0, 8)} · ${info.messageCount} message${info.messageCount === 1 ? "" : "s"} · updated ${new Date(info.updatedAt).toLocaleString()}${isCurrent ? " · shown now" : ""}${info.resumable ? "" : " · no plan stored, cannot resume"}`,
          ),
          h("div", { class: "row" }, resume, exportButton, remove),
        );
      }),
    );
  }

  async #act(message: string, action: () => Promise<string>): Promise<void> {
    this.#status.textContent = message;
    replace(this.#problems);
    try {
      this.#status.textContent = await action();
    } catch (error) {
      this.#status.textContent = `Failed: ${describeError(error)}`;
      replace(this.#problems, issueList(error, "sessions-problems"));
      if (!this.playground.current) await this.playground.startNew().catch(() => undefined);
    }
  }
}

/** The session id an export names, when it is JSON with one (the worker checks the rest). */
function exportedId(text: string): string | undefined {
  try {
    const id = (JSON.parse(text) as { session_id?: unknown } | null)?.session_id;
    return typeof id === "string" ? id : undefined;
  } catch {
    return undefined;
  }
}
