/**
 * MCP servers, in step 1: add a server by its URL (with a bearer token kept like any secret, and
 * approval before its calls if wanted); a new session starts with `tool-mcp` connected to it, and
 * the panel lists the tools the server gave (or why it could not connect: a refused address, a
 * server that did not answer). "Try" puts a call of the tool in the chat's prompt box.
 */
import { describeError, h, replace } from "./dom.ts";
import type { McpServerEntry, PlanEnv } from "./plan.ts";
import type { CurrentSession, Playground } from "./playground.ts";

/** What the panel knows of one server in the current session. */
interface ServerView {
  tools: string[];
  error: string | undefined;
}

/** The env name of a server's token (`MCP_DOCS_TOKEN` for `docs`). */
function tokenSecretOf(name: string): string {
  return `MCP_${name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_TOKEN`;
}

/** A server name from its URL's host (`docs` for `https://docs.example.com/mcp`). */
function nameFromUrl(url: string): string {
  try {
    const label = new URL(url).hostname.split(".")[0] ?? "";
    return label.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 32) || "mcp";
  } catch {
    return "mcp";
  }
}

/** The MCP servers section. */
export class McpPanel {
  readonly #url = h("input", {
    type: "url",
    id: "mcp-url",
    placeholder: "https://mcp.example.com/mcp",
    autocomplete: "off",
    required: true,
  });
  readonly #name = h("input", { type: "text", id: "mcp-name", placeholder: "from the host", autocomplete: "off" });
  readonly #token = h("input", { type: "password", id: "mcp-token", autocomplete: "off" });
  readonly #approval = h("input", { type: "checkbox", id: "mcp-approval" });
  readonly #add = h("button", { type: "submit", id: "mcp-add" }, "Connect in a new session");
  readonly #status = h("p", { class: "hint", role: "status", id: "mcp-status" });
  readonly #list = h("ul", { class: "mounted", id: "mcp-list", "aria-label": "MCP servers" });
  readonly #views = new Map<string, ServerView>();
  #current: CurrentSession | undefined;
  #busy = false;

  constructor(
    root: HTMLElement,
    private readonly playground: Playground,
    private readonly tryCall: (prompt: string) => void,
  ) {
    const form = h(
      "form",
      { "aria-label": "Add an MCP server" },
      h("label", { for: "mcp-url" }, "Server URL"),
      this.#url,
      h("label", { for: "mcp-name" }, "Name (prefixes its tools)"),
      this.#name,
      h("label", { for: "mcp-token" }, "Bearer token (optional)"),
      this.#token,
      h("label", { class: "inline", for: "mcp-approval" }, this.#approval, "Ask me before each call of its tools"),
      h("div", { class: "row" }, this.#add),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.#connect();
    });
    replace(
      root,
      h("h3", {}, "MCP servers"),
      h(
        "p",
        { class: "hint" },
        "Add a server by its URL (Streamable HTTP, or the older SSE transport): its tools join the chat. Its connection goes through the same gate as a sandboxed module's fetch: https to that host only, private addresses refused, the token sent to that host only and scrubbed from what comes back.",
      ),
      form,
      this.#status,
      this.#list,
    );
    playground.onSession((current) => this.#show(current));
    playground.onEvent((event) => {
      // A server whose tools changed during a turn says so; the list follows.
      if (event.name !== "mcp:tools_changed" || typeof event.data.server !== "string") return;
      const view = this.#views.get(event.data.server);
      if (view && Array.isArray(event.data.tools)) view.tools = event.data.tools.map(String);
      this.#render();
    });
  }

  #show(current: CurrentSession): void {
    this.#current = current;
    this.#views.clear();
    const failure = current.status.failedModules.find((failed) => failed.module_id === "tool-mcp");
    for (const server of current.mcpServers) {
      const tools = current.status.mounted.tools.filter((tool) => tool.startsWith(`${server.name}_`));
      // tool-mcp mounts all of its servers or none: a failure names the server it came from.
      const named = failure?.error.includes(`("${server.name}"`) ? failure.error : undefined;
      const error = named ?? (failure ? "not connected: tool-mcp mounts all of its servers or none" : undefined);
      this.#views.set(server.name, { tools, error });
    }
    this.#render();
  }

  #render(): void {
    const servers = this.#current?.mcpServers ?? [];
    if (servers.length === 0) {
      replace(this.#list, h("li", { class: "empty" }, "None yet."));
      return;
    }
    replace(this.#list, ...servers.map((server) => this.#item(server)));
  }

  #item(server: McpServerEntry): HTMLElement {
    const view = this.#views.get(server.name) ?? { tools: [], error: undefined };
    const remove = h("button", { type: "button", "aria-label": `Remove ${server.name}` }, "Remove");
    remove.addEventListener("click", () => void this.#remove(server.name));
    const tools = view.tools.map((tool) => {
      const button = h("button", { type: "button", class: "suggestion", "aria-label": `Try ${tool}` }, "Try");
      button.addEventListener("click", () => this.tryCall(`call ${tool} with {}`));
      return h("li", {}, h("code", {}, tool), button);
    });
    const summary = view.error
      ? h("p", { class: "hint alert-line", role: "alert" }, view.error)
      : h("p", { class: "hint" }, `${view.tools.length} tool${view.tools.length === 1 ? "" : "s"}`);
    const extras = [server.approval ? "asks before each call" : "", server.tokenSecret ? "with a token" : ""]
      .filter(Boolean)
      .join(", ");
    return h(
      "li",
      { class: "mcp-server", "data-server": server.name },
      h(
        "div",
        { class: "mcp-server-body" },
        h("span", {}, h("strong", {}, server.name), ` ${server.url}${extras ? ` (${extras})` : ""}`),
        summary,
        tools.length > 0 ? h("ul", { class: "mcp-tools", "aria-label": `Tools of ${server.name}` }, ...tools) : null,
      ),
      remove,
    );
  }

  async #connect(): Promise<void> {
    if (this.#busy) return;
    const url = this.#url.value.trim();
    const name = (this.#name.value.trim() || nameFromUrl(url)).slice(0, 32);
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(name)) {
      this.#say("The name may have letters, digits, _ and - only (it prefixes the tool names).", true);
      return;
    }
    const token = this.#token.value.trim();
    const secrets: PlanEnv = {};
    const server: McpServerEntry = {
      name,
      url,
      approval: this.#approval.checked,
      ...(token ? { tokenSecret: tokenSecretOf(name) } : {}),
    };
    if (token) secrets[tokenSecretOf(name)] = token;
    this.#setBusy(true, `Connecting to ${url} in a new session…`);
    try {
      const current = await this.playground.addMcpServer(server, secrets);
      const view = this.#views.get(name);
      this.#say(
        view?.error
          ? `${name} could not connect: see below and the events (module:load_failed).`
          : `Connected to ${name}: ${current.status.mounted.tools.filter((tool) => tool.startsWith(`${name}_`)).length} tools. Try them in the chat.`,
        view?.error !== undefined,
      );
      this.#token.value = "";
    } catch (error) {
      this.#say(`Could not start a session with ${name}: ${describeError(error)}`, true);
      await this.playground.recover();
    } finally {
      this.#setBusy(false);
    }
  }

  async #remove(name: string): Promise<void> {
    this.#setBusy(true, `Removing ${name}: a new session starts without it…`);
    try {
      await this.playground.removeMcpServer(name);
      this.#say(`Removed ${name}.`, false);
    } catch (error) {
      this.#say(describeError(error), true);
    } finally {
      this.#setBusy(false);
    }
  }

  #setBusy(busy: boolean, message?: string): void {
    this.#busy = busy;
    this.#add.disabled = busy;
    if (message) this.#say(message, false);
  }

  #say(message: string, problem: boolean): void {
    this.#status.textContent = message;
    this.#status.className = problem ? "hint alert-line" : "hint";
  }
}
