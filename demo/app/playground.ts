/**
 * The playground's one piece of state: the web client, the current session, the modules mounted
 * in it and the MCP servers added to it. Panels subscribe; every change of session goes through here.
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

/** Holds the client and the current session. */
export class Playground {
  readonly client: WebClient;
  settings: Settings;
  #current: CurrentSession | undefined;
  #mounted: MountedModule[] = [];
  #servers: McpServerEntry[] = [];
  #secrets: PlanEnv = {};
  readonly #sessionListeners = new Set<Listener<CurrentSession>>();
  readonly #eventListeners = new Set<Listener<WebEvent>>();
  readonly #listChanged = new Set<Listener<void>>();
  readonly #startingListeners = new Set<Listener<string>>();
  #opening: string | undefined;

  constructor(client: WebClient, settings: Settings) {
    this.client = client;
    this.settings = settings;
  }

  get current(): CurrentSession | undefined {
    return this.#current;
  }

  get mounted(): readonly MountedModule[] {
    return this.#mounted;
  }

  get mcpServers(): readonly McpServerEntry[] {
    return this.#servers;
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

  /** Starts a new session with the current settings and mounted modules. */
  async startNew(): Promise<CurrentSession> {
    await this.#closeCurrent();
    const { plan, env } = buildPlan(this.settings, this.#mounted, this.#secrets, this.#servers);
    const id = crypto.randomUUID();
    this.#starting(id);
    const session = await this.client.createSession(plan, {
      sessionId: id,
      env,
      rememberEnv: this.settings.remember,
      onEvent: (event) => this.#deliver(id, event),
    });
    return this.#switchTo(session, false, [...this.#mounted], [...this.#servers]);
  }

  /** Opens a stored session again (its own plan and modules). */
  async resume(id: string): Promise<CurrentSession> {
    if (this.#current?.session.id === id) return this.#current;
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
    this.#mounted = mounted;
    this.#servers = servers;
    return this.#switchTo(session, true, mounted, servers);
  }

  /** Mounts a module: a new session starts with it, the previous one stays stored. */
  async mount(module: MountedModule, secrets: PlanEnv): Promise<CurrentSession> {
    const others = this.#mounted.filter((item) => item.id !== module.id);
    const previous = { mounted: this.#mounted, secrets: this.#secrets };
    this.#mounted = [...others, module];
    this.#secrets = { ...this.#secrets, ...secrets };
    try {
      return await this.startNew();
    } catch (error) {
      this.#mounted = previous.mounted;
      this.#secrets = previous.secrets;
      throw error;
    }
  }

  /** Adds (or replaces, by name) an MCP server: a new session starts with it, the previous one stays stored. */
  async addMcpServer(server: McpServerEntry, secrets: PlanEnv): Promise<CurrentSession> {
    const previous = { servers: this.#servers, secrets: this.#secrets };
    this.#servers = [...this.#servers.filter((item) => item.name !== server.name), server];
    this.#secrets = { ...this.#secrets, ...secrets };
    try {
      return await this.startNew();
    } catch (error) {
      this.#servers = previous.servers;
      this.#secrets = previous.secrets;
      throw error;
    }
  }

  /** Removes an MCP server: a new session starts without it. */
  async removeMcpServer(name: string): Promise<CurrentSession> {
    this.#servers = this.#servers.filter((item) => item.name !== name);
    return this.startNew();
  }

  /** Removes a mounted module: a new session starts without it. */
  async unmount(id: string): Promise<CurrentSession> {
    this.#mounted = this.#mounted.filter((item) => item.id !== id);
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
    const env: PlanEnv = { ...this.#secrets };
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the plan's ${NAME} reference, filled from the env map
    if (text.includes("${ANTHROPIC_API_KEY}") && this.settings.apiKey) env.ANTHROPIC_API_KEY = this.settings.apiKey;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the plan's ${NAME} reference, filled from the env map
    if (text.includes("${OPENAI_API_KEY}") && this.settings.apiKey) env.OPENAI_API_KEY = this.settings.apiKey;
    return Object.keys(env).length > 0 ? env : undefined;
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
