/**
 * The kernel's handle on one sandboxed module, wherever it runs: it acquires a thread, links to
 * the host in it, and keeps the module reachable. When the thread dies (a crash, or the watchdog's
 * hard kill of a worker that stopped answering) every call in flight fails as data, `sandbox:killed`
 * is reported, and the next call starts the module again in a fresh thread while the restart
 * policy allows.
 */
import type { KernelErrorData } from "../../src/errors.ts";
import {
  fail,
  failFrom,
  type GuestGrants,
  type InvokeRequest,
  type KernelPortApi,
  ok,
  type SandboxHostApi,
  type SandboxResult,
  type StartReply,
  type StartRequest,
} from "../protocol.ts";
import { type HostLink, linkSandboxHost } from "./host-link.ts";
import { type SandboxThread, threadGoneError } from "./sandbox-thread.ts";

/** Timer functions (injectable so tests control time). */
export interface WatchdogTimers {
  readonly setTimeout: (callback: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
}

/** Options of {@link BoundaryHost}. */
export interface BoundaryHostOptions {
  readonly moduleId: string;
  /** Gives a ready thread (from a warm pool, or a new one). */
  readonly acquire: () => Promise<SandboxThread>;
  /** What the module is granted, computed at each start (the capability gate's `grants()`). */
  readonly grants?: (() => GuestGrants) | undefined;
  /**
   * Extra time, beyond the module's `timeout_ms`, a worker may take to answer a ping while calls
   * are in flight before it is terminated (default 2 s). Inline threads are never pinged.
   */
  readonly watchdogGraceMs?: number | undefined;
  readonly timers?: WatchdogTimers | undefined;
}

interface Connection {
  readonly thread: SandboxThread;
  readonly link: HostLink;
}

const DEFAULT_TIMERS: WatchdogTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** One module's sandbox as the kernel reaches it. Every method answers with data. */
export class BoundaryHost implements SandboxHostApi {
  readonly #options: BoundaryHostOptions;
  readonly #port: KernelPortApi;
  readonly #timers: WatchdogTimers;
  #request: StartRequest | undefined;
  #current: Connection | undefined;
  #connecting: Promise<SandboxResult<Connection>> | undefined;
  #replacements = 0;
  #stopped = false;
  #watchdog: unknown;
  #watching = false;

  constructor(port: KernelPortApi, options: BoundaryHostOptions) {
    this.#port = port;
    this.#options = options;
    this.#timers = options.timers ?? DEFAULT_TIMERS;
  }

  /** The thread the module runs in now, if any (tests use it to kill a worker). */
  get thread(): SandboxThread | undefined {
    return this.#current?.thread;
  }

  async start(request: StartRequest): Promise<SandboxResult<StartReply>> {
    if (this.#request) return fail("invalid_argument", `sandbox for ${this.#request.moduleId} already started`);
    this.#request = this.#withGrants(request);
    const connected = await this.#connect(request);
    if (!connected.ok) return connected;
    const started = this.#request;
    return this.#watched(connected.value, () => connected.value.link.api.start(started));
  }

  async invoke(request: InvokeRequest): Promise<SandboxResult<unknown>> {
    const live = await this.#live();
    if (!live.ok) return live;
    return this.#watched(live.value, () => live.value.link.api.invoke(request));
  }

  async stop(): Promise<SandboxResult<null>> {
    this.#stopped = true;
    this.#stopWatchdog();
    const connecting = this.#connecting ? await this.#connecting : undefined;
    const current = this.#current ?? (connecting?.ok ? connecting.value : undefined);
    this.#current = undefined;
    if (!current) return ok(null);
    if (current.link.alive) await current.link.api.stop();
    current.link.sever({ code: "sandbox_killed", message: `${this.#options.moduleId}: its sandbox was stopped` });
    await current.thread.terminate();
    return ok(null);
  }

  #withGrants(request: StartRequest): StartRequest {
    const grants = this.#options.grants;
    return grants ? { ...request, session: { ...request.session, grants: grants() } } : request;
  }

  async #live(): Promise<SandboxResult<Connection>> {
    const request = this.#request;
    if (this.#stopped || !request) {
      return fail("sandbox_killed", `the sandbox for ${this.#options.moduleId} is not running`);
    }
    if (this.#current?.link.alive) return ok(this.#current);
    if (this.#connecting) return this.#connecting;
    if (this.#replacements >= request.limits.restarts) {
      return fail(
        "sandbox_killed",
        `${this.#options.moduleId}'s sandbox died and has used all ${request.limits.restarts} restarts allowed for this session`,
        { moduleId: this.#options.moduleId },
      );
    }
    this.#replacements += 1;
    const restarted: StartRequest = {
      ...this.#withGrants(request),
      limits: { ...request.limits, restarts: Math.max(0, request.limits.restarts - this.#replacements) },
    };
    const connected = await this.#connect(restarted);
    if (!connected.ok) return connected;
    const started = await this.#watched(connected.value, () => connected.value.link.api.start(restarted));
    return started.ok ? connected : started;
  }

  async #connect(request: StartRequest): Promise<SandboxResult<Connection>> {
    const connecting = (async (): Promise<SandboxResult<Connection>> => {
      let thread: SandboxThread;
      try {
        thread = await this.#options.acquire();
      } catch (error) {
        return failFrom(error, "sandbox_unavailable");
      }
      const link = linkSandboxHost(thread.endpoint, this.#port);
      const connection: Connection = { thread, link };
      void thread.exited.then((exit) => this.#gone(connection, threadGoneError(exit, request.moduleId), "crash"));
      if (this.#stopped) {
        await thread.terminate();
        return fail("sandbox_killed", `the sandbox for ${this.#options.moduleId} was stopped`);
      }
      this.#current = connection;
      return ok(connection);
    })();
    this.#connecting = connecting;
    try {
      return await connecting;
    } finally {
      this.#connecting = undefined;
    }
  }

  /** A thread is gone: fail its calls, report the kill unless the kernel stopped it on purpose. */
  #gone(connection: Connection, error: KernelErrorData, reason: "crash" | "timeout"): void {
    const wasLive = connection.link.alive;
    connection.link.sever(error);
    if (this.#current === connection) this.#current = undefined;
    if (!wasLive || this.#stopped) return;
    const restarts = this.#request?.limits.restarts ?? 0;
    void this.#port.notify({
      type: "killed",
      moduleId: this.#options.moduleId,
      reason,
      message: error.message,
      restartsLeft: Math.max(0, restarts - this.#replacements),
    });
  }

  /** Runs a call; while a worker has calls in flight, a watchdog checks that it still answers. */
  async #watched<T>(connection: Connection, send: () => Promise<SandboxResult<T>>): Promise<SandboxResult<T>> {
    const pending = send();
    if (connection.thread.placement === "worker") this.#startWatchdog(connection);
    try {
      return await pending;
    } catch (error) {
      return failFrom(error, "sandbox_unavailable");
    }
  }

  #startWatchdog(connection: Connection): void {
    if (this.#watching) return;
    this.#watching = true;
    const timeoutMs = this.#request?.limits.timeoutMs ?? 1_000;
    const graceMs = this.#options.watchdogGraceMs ?? 2_000;
    const tick = async () => {
      this.#watchdog = undefined;
      if (this.#current !== connection || !connection.link.alive || connection.link.pending === 0) {
        this.#watching = false;
        return;
      }
      const answered = await connection.thread.ping(timeoutMs + graceMs);
      if (this.#current !== connection || !connection.link.alive) {
        this.#watching = false;
        return;
      }
      if (!answered) {
        this.#watching = false;
        const message = `${this.#options.moduleId}: its worker stopped answering for more than ${timeoutMs + graceMs} ms and was terminated`;
        this.#gone(connection, { code: "sandbox_timeout", message, data: { reason: "timeout" } }, "timeout");
        await connection.thread.terminate();
        return;
      }
      this.#watchdog = this.#timers.setTimeout(() => void tick(), timeoutMs);
    };
    this.#watchdog = this.#timers.setTimeout(() => void tick(), timeoutMs);
  }

  #stopWatchdog(): void {
    this.#watching = false;
    if (this.#watchdog === undefined) return;
    this.#timers.clearTimeout(this.#watchdog);
    this.#watchdog = undefined;
  }
}
