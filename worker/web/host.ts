/**
 * The worker host: sessions, their store and their sandboxes, served to one page over comlink.
 * `createWorkerHost()` builds it; `host-worker.ts` is the ready-made entry. The barrel exports
 * loading versions of both functions (`serve.ts`), so pages that only connect stay small.
 */
import * as Comlink from "comlink";
import { z } from "zod";
import type { ModuleDefinition, ModuleRegistry } from "../../src/contracts.ts";
import { KernelError, type KernelErrorData, type Result, settle } from "../../src/errors.ts";
import { parseOrThrow } from "../../src/issues.ts";
import type { Message } from "../../src/models/index.ts";
import type { SessionStatusReport } from "../../src/session-options.ts";
import { resumeSession } from "../../src/storage/resume.ts";
import type { ValidationReport } from "../../src/validation/check.ts";
import type {
  HookFireReport,
  LastRequest,
  ModuleCheckOptions,
  ModuleInspection,
  SessionExport,
  ToolCallReport,
  WebModuleSource,
  WebSessionInfo,
  WebToolInfo,
} from "./client-types.ts";
import { HostResources, type HostResourcesOptions } from "./host-resources.ts";
import type { LiveSession } from "./live-session.ts";
import { inspectSource, validateSource } from "./module-checks.ts";
import { openLiveSession, type SessionRequest } from "./open-session.ts";
import type { HostApi, PageCallbacks, WireResumeOptions, WireSessionOptions } from "./protocol.ts";
import * as archive from "./session-archive.ts";
import { callTool, fireHook, listTools } from "./session-probes.ts";

/** Options of {@link createWorkerHost}. */
export interface WorkerHostOptions extends HostResourcesOptions {
  /** The trusted modules plans may name; default every built-in module. */
  readonly modules?: ModuleRegistry | readonly ModuleDefinition[];
  readonly now?: () => Date;
  /** Ids of sessions (when the page gives none) and of approval requests. */
  readonly newId?: () => string;
}

/** The host: the comlink API plus disposal. */
export type WorkerHost = HostApi & AsyncDisposable;

const envSchema = z.record(z.string(), z.string(), { error: "expected a map of names to strings" }).optional();

/**
 * Creates the host a module Web Worker exposes to the page.
 *
 * @example
 * const host = createWorkerHost({ modules: { ...builtinModules, "tool-mine": myTool } });
 * Comlink.expose(host, self);
 */
export function createWorkerHost(options: WorkerHostOptions = {}): WorkerHost {
  return new WebWorkerHost(options);
}

/**
 * Exposes a host on this worker (or another endpoint) for `connectWorker` to reach.
 *
 * @example
 * // host-worker.ts of your app
 * serveWorkerHost({ modules: myModules });
 */
export function serveWorkerHost(options: WorkerHostOptions = {}, endpoint?: Comlink.Endpoint): WorkerHost {
  const host = createWorkerHost(options);
  Comlink.expose(host, endpoint ?? (globalThis as unknown as Comlink.Endpoint));
  return host;
}

/** Every call answers with a Result, never a thrown error (comlink would lose its code). */
class WebWorkerHost implements WorkerHost {
  readonly #options: WorkerHostOptions;
  readonly #resources: HostResources;
  readonly #sessions = new Map<string, LiveSession>();
  /** Ids being created or resumed, so two calls for one id cannot both open it. */
  readonly #opening = new Set<string>();
  readonly #now: () => Date;
  readonly #newId: () => string;
  #page: PageCallbacks | undefined;
  #disposed: Promise<void> | undefined;

  constructor(options: WorkerHostOptions) {
    this.#options = options;
    this.#resources = new HostResources(options);
    this.#now = options.now ?? (() => new Date());
    this.#newId = options.newId ?? (() => crypto.randomUUID());
  }

  attach(callbacks: PageCallbacks): Promise<Result<{ version: 1 }>> {
    return run(async () => {
      this.#page = callbacks;
      return { version: 1 as const };
    });
  }

  createSession(plan: string | object, options: WireSessionOptions): Promise<Result<string>> {
    return run(async () => {
      const env = parseEnv(options.env);
      const id = options.sessionId ?? this.#newId();
      const inUse = () =>
        new KernelError("invalid_argument", `A session "${id}" already exists; resume it or pick another id.`, {
          issues: [{ path: ["sessionId"], message: `a session "${id}" already exists`, code: "in_use" }],
        });
      return this.#reserve(id, inUse, async () => {
        const store = await this.#resources.store();
        if (await archive.sessionExists(store, id)) throw inUse();
        return this.#start({ id, plan, env, resumed: false }, async () => {
          await archive.savePlan(store, id, plan, options.rememberEnv ? env : undefined);
          if (options.title !== undefined) await store.setTitle(id, options.title);
        }).catch(async (error: unknown) => {
          await store.deleteSession(id).catch(() => undefined);
          throw error;
        });
      });
    });
  }

  resumeSession(id: string, options: WireResumeOptions): Promise<Result<string>> {
    return run(async () => {
      const busy = () => new KernelError("session_busy", `Session "${id}" is already open in this worker.`);
      return this.#reserve(id, busy, async () => {
        const store = await this.#resources.store();
        const stored = await archive.loadPlan(store, id);
        if (stored === undefined) {
          throw new KernelError("invalid_argument", `No stored session "${id}" with a plan to resume.`, {
            issues: [{ path: ["id"], message: `no stored session "${id}" with a plan`, code: "not_found" }],
          });
        }
        const env = parseEnv(options.env) ?? stored.env;
        if (options.rememberEnv !== undefined) await archive.saveEnv(store, id, options.rememberEnv ? env : undefined);
        return this.#start({ id, plan: stored.plan, env, resumed: true }, async (session) => {
          // Repaired before mounting, under the session lock, so the page sees `storage:repaired` as it opens.
          const emit = (name: string, data: Record<string, unknown>) =>
            void session.session.coordinator.hooks.emit(name, data);
          await resumeSession(store, id, { onEvent: emit });
          // A turn the last worker left running died with it: said so, never silently lost.
          const cut = await archive.takeCutTurn(store, id);
          if (cut !== undefined) emit(TURN_INTERRUPTED, interruptedTurnData(cut));
        });
      });
    });
  }

  execute(id: string, prompt: string, turn: number): Promise<Result<string>> {
    return run(() => this.#live(id).execute(String(prompt), turn));
  }

  cancel(id: string, immediate: boolean): Promise<Result<void>> {
    return run(() => this.#live(id).cancel(immediate === true));
  }

  messages(id: string): Promise<Result<Message[]>> {
    return run(() => this.#live(id).messages());
  }

  lastRequest(id: string): Promise<Result<LastRequest | undefined>> {
    return run(async () => this.#live(id).lastRequest());
  }

  status(id: string): Promise<Result<SessionStatusReport>> {
    return run(async () => structuredClone(this.#live(id).session.status()));
  }

  tools(id: string): Promise<Result<WebToolInfo[]>> {
    return run(async () => listTools(this.#live(id).session));
  }

  hooks(id: string): Promise<Result<Record<string, string[]>>> {
    return run(async () => this.#live(id).session.coordinator.hooks.list_handlers());
  }

  callTool(id: string, name: string, input: unknown, turn: number): Promise<Result<ToolCallReport>> {
    return run(() => this.#live(id).probe(turn, (context) => callTool(context, String(name), input)));
  }

  fireHook(id: string, event: string, data: unknown, turn: number): Promise<Result<HookFireReport>> {
    return run(() => this.#live(id).probe(turn, (context) => fireHook(context, String(event), data)));
  }

  closeSession(id: string): Promise<Result<void>> {
    return run(() => this.#close(id));
  }

  listSessions(): Promise<Result<WebSessionInfo[]>> {
    return run(async () => {
      const store = await this.#resources.store();
      const infos = await store.listSessions();
      return Promise.all(
        infos.map(async (info) => ({
          ...info,
          resumable: (await store.getValue(info.sessionId, archive.PLAN_KEY)) !== undefined,
          open: this.#sessions.has(info.sessionId),
        })),
      );
    });
  }

  deleteSession(id: string): Promise<Result<void>> {
    return run(async () => {
      await this.#close(id);
      await (await this.#resources.store()).deleteSession(id);
    });
  }

  exportSession(id: string): Promise<Result<SessionExport>> {
    return run(async () => archive.exportSession(await this.#resources.store(), id, this.#now));
  }

  importSession(exported: unknown): Promise<Result<string>> {
    return run(async () => {
      const parsed = archive.parseExport(exported);
      const store = await this.#resources.store();
      const taken = this.#sessions.has(parsed.session_id) || (await archive.sessionExists(store, parsed.session_id));
      const id = taken ? this.#newId() : parsed.session_id;
      // A copy beside its original is titled as one, so the two are never listed alike.
      const title = taken ? `${parsed.title ?? "(untitled)"} (copy)` : parsed.title;
      await archive.importSession(store, id, { ...parsed, title });
      return id;
    });
  }

  validateModule(source: WebModuleSource, options: ModuleCheckOptions): Promise<Result<ValidationReport>> {
    return run(async () => {
      await using sandboxes = this.#resources.sandboxes(undefined);
      return await validateSource(sandboxes.loader, source, options);
    });
  }

  inspectModule(source: WebModuleSource, options: ModuleCheckOptions): Promise<Result<ModuleInspection>> {
    return run(async () => {
      await using sandboxes = this.#resources.sandboxes(undefined);
      return await inspectSource(sandboxes.loader, source, options);
    });
  }

  dispose(): Promise<Result<void>> {
    this.#disposed ??= (async () => {
      const open = [...this.#sessions.values()].reverse();
      this.#sessions.clear();
      for (const session of open) await session.close().catch(() => undefined);
      await this.#resources[Symbol.asyncDispose]();
      this.#page = undefined;
    })();
    const disposed = this.#disposed;
    return run(() => disposed);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  #live(id: string): LiveSession {
    const session = this.#sessions.get(id);
    if (session) return session;
    throw new KernelError("invalid_argument", `Session "${id}" is not open in this worker; resume it first.`, {
      issues: [{ path: ["id"], message: `session "${id}" is not open in this worker`, code: "not_found" }],
    });
  }

  async #close(id: string): Promise<void> {
    const session = this.#sessions.get(id);
    this.#sessions.delete(id);
    await session?.close();
  }

  async #reserve<T>(id: string, taken: () => KernelError, body: () => Promise<T>): Promise<T> {
    if (this.#sessions.has(id) || this.#opening.has(id)) throw taken();
    this.#opening.add(id);
    try {
      return await body();
    } finally {
      this.#opening.delete(id);
    }
  }

  /**
   * Creates the session, runs `prepare`, mounts it and makes it live; on any failure the session
   * is closed (its sandboxes released) and the error passes on.
   */
  async #start(request: SessionRequest, prepare: (session: LiveSession) => Promise<void>): Promise<string> {
    if (this.#disposed) throw new KernelError("not_initialized", "The worker host was disposed.");
    const session = await openLiveSession(
      {
        resources: this.#resources,
        store: await this.#resources.store(),
        modules: this.#options.modules,
        page: () => this.#page,
        now: this.#now,
        newId: this.#newId,
      },
      request,
    );
    try {
      await prepare(session);
      await session.open();
      // dispose() may have run while this session was opening: it must not outlive the host.
      if (this.#disposed) throw new KernelError("not_initialized", "The worker host was disposed.");
    } catch (error) {
      await session.close().catch(() => undefined);
      throw error;
    }
    this.#sessions.set(session.id, session);
    return session.id;
  }
}

/** The event a resumed session reports a turn with that its last worker left running. */
const TURN_INTERRUPTED = "turn:interrupted";

function interruptedTurnData(cut: archive.CutTurn): Record<string, unknown> {
  return {
    code: "turn_interrupted",
    message: `The turn "${cut.prompt}" (started ${cut.started_at}) was cut off when its worker stopped (a page reload or close); what it stored is kept and repaired.`,
    prompt: cut.prompt,
    started_at: cut.started_at,
  };
}

function parseEnv(env: unknown): Readonly<Record<string, string>> | undefined {
  return parseOrThrow(envSchema, env, { code: "invalid_argument", subject: "Invalid env", prefix: ["env"] });
}

/** Runs a call and turns its outcome into data: a value, or the KernelError it failed with. */
async function run<T>(body: () => Promise<T>): Promise<Result<T>> {
  const result = await settle(body);
  return result.ok ? result : { ok: false, error: cloneableErrorData(result.error) };
}

/** Error data must cross; `data` that cannot is dropped rather than failing the answer (issues are plain data). */
function cloneableErrorData(error: KernelErrorData): KernelErrorData {
  try {
    return structuredClone(error);
  } catch {
    const { data: _dropped, ...rest } = error;
    return rest;
  }
}
