/**
 * The playground's one piece of state: the web client, the current session, the modules mounted in
 * it, the list the next session will mount (composed on purpose: added, removed, replaced) and the
 * MCP servers it connects to. Panels subscribe; every change of session goes through here.
 */
import type { SessionStatusReport, WebClient, WebEvent, WebSession } from "amplifier-edge/web";
import { describeError } from "./dom.ts";
import {
  buildPlan,
  type McpServerEntry,
  type MountedModule,
  mcpServersFromPlan,
  mountedFromPlan,
  type PlanEnv,
} from "./plan.ts";
import type { Settings } from "./settings-store.ts";

/** The session the page shows, with what it was created from. */
export interface CurrentSession {
  readonly session: WebSession;
  /** True when it was resumed (after a reload, or from the list) rather than created. */
  readonly resumed: boolean;
  readonly mounted: readonly MountedModule[];
  readonly mcpServers: readonly McpServerEntry[];
  readonly status: SessionStatusReport;
}

type Listener<T> = (value: T) => void;

const LAST_SESSION_KEY = "amplifier-edge-playground.session";

/** Holds the client, the current session and the next session's modules. */
export class Playground {
  readonly client: WebClient;
  settings: Settings;
  #current: CurrentSession | undefined;
  /** What the next session mounts; after each switch, what the current one has. */
  #next: MountedModule[] = [];
  /** Secrets granted to each module (by id), kept in memory only. */
  readonly #secrets = new Map<string, PlanEnv>();
  /** The MCP servers the next session connects to; after each switch, the current one's. */
  #servers: McpServerEntry[] = [];
  /** The servers' tokens, kept in memory only. */
  #serverSecrets: PlanEnv = {};
  readonly #sessionListeners = new Set<Listener<CurrentSession>>();
  readonly #eventListeners = new Set<Listener<WebEvent>>();
  readonly #listChanged = new Set<Listener<void>>();
  readonly #startingListeners = new Set<Listener<string>>();
  readonly #nextListeners = new Set<Listener<readonly MountedModule[]>>();
  readonly #openingListeners = new Set<Listener<boolean>>();
  #opening: string | undefined;

  constructor(client: WebClient, settings: Settings) {
    this.client = client;
    this.settings = settings;
  }

  get current(): CurrentSession | undefined {
    return this.#current;
  }

  /** The modules the next session will mount, in plan order. */
  get next(): readonly MountedModule[] {
    return this.#next;
  }

  get mcpServers(): readonly McpServerEntry[] {
    return this.#servers;
  }

  /** Called whenever the next session's list changes. */
  onNextChanged(listener: Listener<readonly MountedModule[]>): void {
    this.#nextListeners.add(listener);
  }

  /**
   * Called with true when a session starts opening (the current one is closing) and with false
   * when it is open or failed to open: nothing may be sent in between.
   */
  onOpening(listener: Listener<boolean>): void {
    this.#openingListeners.add(listener);
  }

  /**
   * Puts `module` in the next session's list, in place of the module with its id, or of the
   * orchestrator or context already there (a session runs one of each). Returns the id it replaced.
   */
  addToNext(module: MountedModule, secrets: PlanEnv): string | undefined {
    const single = module.type === "orchestrator" || module.type === "context";
    const index = this.#next.findIndex((item) => item.id === module.id || (single && item.type === module.type));
    const replaced = index >= 0 ? this.#next[index]?.id : undefined;
    const next = [...this.#next];
    if (index >= 0) next.splice(index, 1, module);
    else next.push(module);
    if (replaced !== undefined && replaced !== module.id) this.#secrets.delete(replaced);
    this.#secrets.set(module.id, secrets);
    this.#setNext(next);
    return replaced;
  }

  /** Takes a module out of the next session's list. */
  removeFromNext(id: string): void {
    this.#setNext(this.#next.filter((item) => item.id !== id));
  }

  /** Makes `modules` the whole of the next session's list. */
  replaceNext(modules: readonly MountedModule[]): void {
    this.#setNext([...modules]);
  }

  /** Called with the new session each time the page switches to one. */
  onSession(listener: Listener<CurrentSession>): void {
    this.#sessionListeners.add(listener);
  }

  /** Called with a session's id just before it opens (its mounting events follow). */
  onStarting(listener: Listener<string>): void {
    this.#startingListeners.add(listener);
  }

  /** Called with every event of the current session, in order. */
  onEvent(listener: Listener<WebEvent>): void {
    this.#eventListeners.add(listener);
  }

  /** Called when the stored session list may have changed. */
  onListChanged(listener: Listener<void>): void {
    this.#listChanged.add(listener);
  }

  /** Tells list watchers to refresh (after a turn stored messages). */
  listChanged(): void {
    for (const listener of this.#listChanged) listener();
  }

  /**
   * Resumes the session the page showed before a reload, if it is still stored; else starts one.
   * Resolves with why the last session could not be resumed, if it could not.
   */
  async open(): Promise<string | undefined> {
    const last = readLastSession();
    let problem: string | undefined;
    if (last !== undefined) {
      const stored = await this.client.listSessions();
      if (stored.some((info) => info.sessionId === last && info.resumable)) {
        try {
          await this.resume(last);
          return undefined;
        } catch (error) {
          // E.g. the key it needs was not remembered: say so, and start afresh.
          problem = describeError(error);
        }
      }
    }
    await this.startNew();
    return problem;
  }

  /** Starts a new session with the current settings, the next session's list (or `modules`) and the MCP servers. */
  async startNew(modules: readonly MountedModule[] = this.#next): Promise<CurrentSession> {
    const mounted = [...modules];
    const servers = [...this.#servers];
    return this.#whileOpening(async () => {
      await this.#closeCurrent();
      const secrets = { ...this.#secretsOf(mounted), ...this.#serverSecrets };
      const { plan, env } = buildPlan(this.settings, mounted, secrets, servers);
      const id = crypto.randomUUID();
      this.#starting(id);
      const session = await this.client.createSession(plan, {
        sessionId: id,
        env,
        rememberEnv: this.settings.remember,
        onEvent: (event) => this.#deliver(id, event),
      });
      return this.#switchTo(session, false, mounted, servers);
    });
  }

  /**
   * After a session failed to start (the previous one is closed by then), opens one with the
   * built-in modules only so the page has a session; the next session's list is kept as it was.
   */
  async recover(): Promise<void> {
    if (this.#current) return;
    const kept = this.#next;
    await this.startNew([]).catch(() => undefined);
    this.#setNext(kept);
  }

  /** Opens a stored session again (its own plan and modules). */
  async resume(id: string): Promise<CurrentSession> {
    if (this.#current?.session.id === id) return this.#current;
    return this.#whileOpening(async () => {
      await this.#closeCurrent();
      const exported = await this.client.exportSession(id);
      const mounted = mountedFromPlan(exported.plan);
      const servers = mcpServersFromPlan(exported.plan);
      const env = this.#envFor(exported.plan);
      this.#starting(id);
      const session = await this.client.resumeSession(id, {
        ...(env === undefined ? {} : { env }),
        onEvent: (event) => this.#deliver(id, event),
      });
      return this.#switchTo(session, true, mounted, servers);
    });
  }

  /** Adds (or replaces, by name) an MCP server: a new session starts with it, the previous one stays stored. */
  async addMcpServer(server: McpServerEntry, secrets: PlanEnv): Promise<CurrentSession> {
    const previous = { servers: this.#servers, secrets: this.#serverSecrets };
    this.#servers = [...this.#servers.filter((item) => item.name !== server.name), server];
    this.#serverSecrets = { ...this.#serverSecrets, ...secrets };
    try {
      return await this.startNew();
    } catch (error) {
      this.#servers = previous.servers;
      this.#serverSecrets = previous.secrets;
      throw error;
    }
  }

  /** Removes an MCP server: a new session starts without it. */
  async removeMcpServer(name: string): Promise<CurrentSession> {
    this.#servers = this.#servers.filter((item) => item.name !== name);
    return this.startNew();
  }

  /** Deletes a stored session; deleting the current one starts a new session. */
  async delete(id: string): Promise<void> {
    const isCurrent = this.#current?.session.id === id;
    await this.client.deleteSession(id);
    if (isCurrent) {
      this.#current = undefined;
      await this.startNew();
    } else this.listChanged();
  }

  /** Refreshes the status of the current session (after a turn). */
  async refreshStatus(): Promise<SessionStatusReport | undefined> {
    const current = this.#current;
    if (!current) return undefined;
    const status = await current.session.status();
    if (this.#current === current) this.#current = { ...current, status };
    return status;
  }

  #envFor(plan: unknown): PlanEnv | undefined {
    const text = JSON.stringify(plan) ?? "";
    const env: PlanEnv = { ...this.#secretsOf(mountedFromPlan(plan)), ...this.#serverSecrets };
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the plan's ${NAME} reference, filled from the env map
    if (text.includes("${ANTHROPIC_API_KEY}") && this.settings.apiKey) env.ANTHROPIC_API_KEY = this.settings.apiKey;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the plan's ${NAME} reference, filled from the env map
    if (text.includes("${OPENAI_API_KEY}") && this.settings.apiKey) env.OPENAI_API_KEY = this.settings.apiKey;
    return Object.keys(env).length > 0 ? env : undefined;
  }

  #secretsOf(modules: readonly MountedModule[]): PlanEnv {
    return Object.assign({}, ...modules.map((module) => this.#secrets.get(module.id) ?? {}));
  }

  #setNext(modules: MountedModule[]): void {
    this.#next = modules;
    for (const listener of this.#nextListeners) listener(modules);
  }

  async #whileOpening<T>(open: () => Promise<T>): Promise<T> {
    for (const listener of this.#openingListeners) listener(true);
    try {
      return await open();
    } finally {
      for (const listener of this.#openingListeners) listener(false);
    }
  }

  async #closeCurrent(): Promise<void> {
    const current = this.#current;
    this.#current = undefined;
    await current?.session.close().catch(() => undefined);
  }

  async #switchTo(
    session: WebSession,
    resumed: boolean,
    mounted: MountedModule[],
    mcpServers: McpServerEntry[],
  ): Promise<CurrentSession> {
    const status = await session.status();
    const current: CurrentSession = { session, resumed, mounted, mcpServers, status };
    this.#current = current;
    this.#servers = [...mcpServers];
    this.#setNext([...mounted]);
    writeLastSession(session.id);
    for (const listener of this.#sessionListeners) listener(current);
    this.listChanged();
    return current;
  }

  #starting(id: string): void {
    this.#opening = id;
    for (const listener of this.#startingListeners) listener(id);
  }

  #deliver(sessionId: string, event: WebEvent): void {
    // Mounting events arrive before the session is current; they belong to it all the same.
    if (this.#opening !== sessionId && this.#current?.session.id !== sessionId) return;
    for (const listener of this.#eventListeners) listener(event);
  }
}

function readLastSession(): string | undefined {
  try {
    return localStorage.getItem(LAST_SESSION_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function writeLastSession(id: string): void {
  try {
    localStorage.setItem(LAST_SESSION_KEY, id);
  } catch {
    // Without storage the page simply starts a new session after a reload.
  }
}
