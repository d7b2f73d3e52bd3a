/**
 * The worker host: sessions, their store and their sandboxes, served to one page over comlink.
 * `createWorkerHost()` builds it; `host-worker.ts` is the ready-made entry. The barrel exports
 * loading versions of both functions (`serve.ts`), so pages that only connect stay small.
 */
import * as Comlink from "comlink";
import { z } from "zod";
import type { ModuleDefinition, ModuleRegistry } from "../../src/contracts.ts";
import { describeError, KernelError } from "../../src/errors.ts";
import type { Message } from "../../src/models/index.ts";
import { builtinModules } from "../../src/modules/index.ts";
import { issuesError, planIssues } from "../../src/plan/issues.ts";
import { createSession, type Session } from "../../src/session.ts";
import type { SessionStatusReport } from "../../src/session-options.ts";
import { resumeSession } from "../../src/storage/resume.ts";
import type { LastRequest, ModuleInspection, SessionExport, WebSessionInfo } from "./client-types.ts";
import { EventForwarder } from "./event-forwarder.ts";
import { HostResources, type HostResourcesOptions } from "./host-resources.ts";
import { LiveSession } from "./live-session.ts";
import { inspectSource, validateSource } from "./module-checks.ts";
import { PageApproval } from "./page-approval.ts";
import type { HostApi, HostResult, PageCallbacks, WireResumeOptions, WireSessionOptions } from "./protocol.ts";
import {
  exportSession,
  importSession,
  loadPlan,
  PLAN_KEY,
  parseExport,
  saveEnv,
  savePlan,
  sessionExists,
} from "./session-archive.ts";

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
  const resources = new HostResources(options);
  const sessions = new Map<string, LiveSession>();
  /** Ids being created or resumed, so two calls for one id cannot both open it. */
  const opening = new Set<string>();
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? (() => crypto.randomUUID());
  let page: PageCallbacks | undefined;
  let disposed: Promise<void> | undefined;

  const live = (id: string): LiveSession => {
    const session = sessions.get(id);
    if (session) return session;
    throw new KernelError("invalid_argument", `Session "${id}" is not open in this worker; resume it first.`, {
      data: { path: ["id"] },
    });
  };

  async function open(
    id: string,
    plan: string | object,
    env: Readonly<Record<string, string>> | undefined,
    resumed: boolean,
  ): Promise<LiveSession> {
    if (disposed) throw new KernelError("not_initialized", "The worker host was disposed.");
    const store = await resources.store();
    const forwarder = new EventForwarder(id, () => page);
    let current: LiveSession | undefined;
    const approval = new PageApproval({ sessionId: id, page: () => page, turn: () => current?.turn, newId });
    const sandboxes = resources.sandboxes(env);
    let session: Session;
    try {
      session = createSession(plan, {
        modules: options.modules ?? builtinModules,
        sandbox: sandboxes.loader,
        store,
        approval,
        display: {
          show_message: (message, level, source) =>
            forwarder.push("display:message", { message, level, source }, current?.turn),
        },
        sessionId: id,
        resumed,
        now,
        ...(env === undefined ? {} : { env }),
      });
    } catch (error) {
      await sandboxes[Symbol.asyncDispose]();
      throw error;
    }
    current = new LiveSession({ session, approval, forwarder, sandboxes, now });
    return current;
  }

  async function reserve<T>(id: string, taken: () => KernelError, body: () => Promise<T>): Promise<T> {
    if (sessions.has(id) || opening.has(id)) throw taken();
    opening.add(id);
    try {
      return await body();
    } finally {
      opening.delete(id);
    }
  }

  async function start(session: LiveSession): Promise<string> {
    sessions.set(session.id, session);
    try {
      await session.open();
    } catch (error) {
      sessions.delete(session.id);
      throw error;
    }
    return session.id;
  }

  const api: HostApi = {
    attach: (callbacks) =>
      run(async () => {
        page = callbacks;
        return { version: 1 as const };
      }),

    createSession: (plan, sessionOptions: WireSessionOptions) =>
      run(async () => {
        const env = parseEnv(sessionOptions.env);
        const id = sessionOptions.sessionId ?? newId();
        const inUse = () =>
          new KernelError("invalid_argument", `A session "${id}" already exists; resume it or pick another id.`, {
            data: { path: ["sessionId"] },
          });
        return reserve(id, inUse, async () => {
          const store = await resources.store();
          if (await sessionExists(store, id)) throw inUse();
          const session = await open(id, plan, env, false);
          try {
            await savePlan(store, id, plan, sessionOptions.rememberEnv ? env : undefined);
            if (sessionOptions.title !== undefined) await store.setTitle(id, sessionOptions.title);
            return await start(session);
          } catch (error) {
            await session.close().catch(() => undefined);
            await store.deleteSession(id).catch(() => undefined);
            throw error;
          }
        });
      }),

    resumeSession: (id, resumeOptions: WireResumeOptions) =>
      run(async () => {
        const busy = () => new KernelError("session_busy", `Session "${id}" is already open in this worker.`);
        return reserve(id, busy, async () => {
          const store = await resources.store();
          const stored = await loadPlan(store, id);
          if (stored === undefined) {
            throw new KernelError("invalid_argument", `No stored session "${id}" with a plan to resume.`, {
              data: { path: ["id"] },
            });
          }
          const env = parseEnv(resumeOptions.env) ?? stored.env;
          if (resumeOptions.rememberEnv === true) await saveEnv(store, id, env);
          if (resumeOptions.rememberEnv === false) await saveEnv(store, id, undefined);
          const session = await open(id, stored.plan, env, true);
          try {
            // Repaired here, under the session lock, so the page sees `storage:repaired` as the session opens.
            await resumeSession(store, id, {
              onEvent: (name, data) => void session.session.coordinator.hooks.emit(name, data),
            });
            return await start(session);
          } catch (error) {
            await session.close().catch(() => undefined);
            throw error;
          }
        });
      }),

    execute: (id, prompt, turn) => run(() => live(id).execute(String(prompt), turn)),
    cancel: (id, immediate) => run(() => live(id).cancel(immediate === true)),
    messages: (id) => run<Message[]>(() => live(id).messages()),
    lastRequest: (id) => run<LastRequest | undefined>(async () => live(id).lastRequest()),
    status: (id) => run<SessionStatusReport>(async () => structuredClone(live(id).session.status())),
    closeSession: (id) =>
      run(async () => {
        const session = sessions.get(id);
        sessions.delete(id);
        await session?.close();
      }),

    listSessions: () =>
      run<WebSessionInfo[]>(async () => {
        const store = await resources.store();
        const infos = await store.listSessions();
        return Promise.all(
          infos.map(async (info) => ({
            ...info,
            resumable: (await store.getValue(info.sessionId, PLAN_KEY)) !== undefined,
            open: sessions.has(info.sessionId),
          })),
        );
      }),

    deleteSession: (id) =>
      run(async () => {
        await api.closeSession(id);
        await (await resources.store()).deleteSession(id);
      }),

    exportSession: (id) => run<SessionExport>(async () => exportSession(await resources.store(), id, now)),

    importSession: (exported) =>
      run(async () => {
        const parsed = parseExport(exported);
        const store = await resources.store();
        const taken = sessions.has(parsed.session_id) || (await sessionExists(store, parsed.session_id));
        const id = taken ? newId() : parsed.session_id;
        await importSession(store, id, parsed);
        return id;
      }),

    validateModule: (source, checkOptions) =>
      run(async () => {
        await using sandboxes = resources.sandboxes(undefined);
        return await validateSource(sandboxes.loader, source, checkOptions);
      }),
    inspectModule: (source, checkOptions) =>
      run<ModuleInspection>(async () => {
        await using sandboxes = resources.sandboxes(undefined);
        return await inspectSource(sandboxes.loader, source, checkOptions);
      }),

    dispose: () =>
      run(async () => {
        disposed ??= (async () => {
          const open = [...sessions.values()];
          sessions.clear();
          for (const session of open.reverse()) await session.close().catch(() => undefined);
          await resources[Symbol.asyncDispose]();
          page = undefined;
        })();
        await disposed;
      }),
  };

  return Object.assign(api, {
    async [Symbol.asyncDispose]() {
      await api.dispose();
    },
  });
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

function parseEnv(env: unknown): Readonly<Record<string, string>> | undefined {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw issuesError("env", planIssues(parsed.error, ["env"]), "invalid_argument");
  return parsed.data;
}

/** Runs a call and turns its outcome into data: a value, or the KernelError it failed with. */
async function run<T>(body: () => Promise<T>): Promise<HostResult<T>> {
  try {
    return { ok: true, value: await body() };
  } catch (error) {
    if (KernelError.is(error)) return { ok: false, error: structuredCloneSafe(error.toData()) };
    return { ok: false, error: { code: "internal", message: `Worker host failed: ${describeError(error)}` } };
  }
}

/** Error data must cross; data that cannot is dropped rather than failing the answer. */
function structuredCloneSafe(data: ReturnType<KernelError["toData"]>): ReturnType<KernelError["toData"]> {
  try {
    return structuredClone(data);
  } catch {
    return { code: data.code, message: data.message };
  }
}
