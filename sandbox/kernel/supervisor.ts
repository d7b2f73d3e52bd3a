/**
 * The one supervisor of a sandboxed module, wherever it runs: the only place that restarts,
 * reports kills and watches for a stuck worker. A kill comes either from the runner (a limit it
 * observed) or from here (the worker died, or stopped answering pings and was terminated); either
 * way every call in flight fails as data, `sandbox:killed` is reported once, and the next call
 * starts the module again (in the same worker when it still lives) while the restart policy allows.
 */
import { fail, KernelError, ok, type Result, settle } from "../../src/errors.ts";
import type {
  GuestReply,
  GuestRequest,
  InvokeRequest,
  KernelPortApi,
  KillReason,
  RunnerKilled,
  StartReply,
  StartRequest,
} from "../protocol.ts";
import type { RunnerConnector, RunnerLink } from "../transport/runner-link.ts";

/** Timer functions (injectable so tests control time). */
export interface WatchdogTimers {
  readonly setTimeout: (callback: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
}

/** What the supervisor reports about the module's life. */
export interface SupervisorEvents {
  started(restart: number): void;
  killed(reason: KillReason, message: string, restartsLeft: number): void;
  /**
   * After a restart, before the call that caused it reaches the module: hands back the state the
   * kernel keeps for it (a context manager's history). A rejection fails that call.
   */
  restore(): Promise<void>;
}

/** Options of {@link Supervisor}. */
export interface SupervisorOptions {
  readonly moduleId: string;
  /** Opens a link to a fresh runner (inline, or in a worker from the pool). */
  readonly connect: RunnerConnector;
  /** Answers the guest's requests. */
  readonly request: (request: GuestRequest) => Promise<GuestReply>;
  readonly events: SupervisorEvents;
  /**
   * Extra time, beyond the module's `timeout_ms`, a worker may take to answer a ping before it is
   * terminated (default 2 s). Workers are pinged while the module lives, calls in flight or not.
   */
  readonly watchdogGraceMs?: number | undefined;
  readonly timers?: WatchdogTimers | undefined;
}

/** Node keeps a process alive for a pending timer; a watchdog must not. */
const DEFAULT_TIMERS: WatchdogTimers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms) as unknown as { unref?: () => void };
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

type State = "idle" | "running" | "dead" | "stopped";

/** One module's sandbox as the kernel side reaches it. Every method answers with data. */
export class Supervisor {
  readonly #options: SupervisorOptions;
  readonly #timers: WatchdogTimers;
  #request: StartRequest | undefined;
  #link: RunnerLink | undefined;
  #state: State = "idle";
  #death: KernelError | undefined;
  #restarts = 0;
  #restarting: Promise<Result<null>> | undefined;
  #watchdog: unknown;

  constructor(options: SupervisorOptions) {
    this.#options = options;
    this.#timers = options.timers ?? DEFAULT_TIMERS;
  }

  /** The link the module runs behind now, if any. */
  get link(): RunnerLink | undefined {
    return this.#link;
  }

  /** Starts the module: a runner, its instance, its `mount()`. */
  async start(request: StartRequest): Promise<Result<StartReply>> {
    if (this.#request) return fail("invalid_argument", `the sandbox for ${this.#request.moduleId} was already started`);
    this.#request = request;
    return this.#boot(request);
  }

  /** Calls into the module, restarting it first when it was killed and the policy allows. */
  async invoke(request: InvokeRequest): Promise<Result<unknown>> {
    if (this.#state === "dead") {
      const restarted = await this.#restart();
      if (!restarted.ok) return restarted;
    }
    const link = this.#link;
    if (this.#state !== "running" || !link) {
      return { ok: false, error: (this.#death ?? this.#notRunning()).toData() };
    }
    return link.api.invoke(request);
  }

  /** Stops the module and releases its runner; later calls fail with `sandbox_killed`. */
  async stop(): Promise<Result<null>> {
    if (this.#state === "stopped") return ok(null);
    this.#state = "stopped";
    this.#stopWatchdog();
    await this.#restarting;
    const link = this.#link;
    this.#link = undefined;
    if (link) {
      await link.api.stop();
      await link.terminate();
    }
    return ok(null);
  }

  /** Read through a getter: the state changes across awaits, which narrowing cannot see. */
  get #stopped(): boolean {
    return this.#state === "stopped";
  }

  #notRunning(): KernelError {
    return new KernelError("sandbox_killed", `the sandbox for ${this.#options.moduleId} is not running`);
  }

  async #boot(request: StartRequest): Promise<Result<StartReply>> {
    let link = this.#link;
    if (!link) {
      try {
        link = await this.#options.connect(this.#portFor(() => link));
      } catch (error) {
        return { ok: false, error: toUnavailable(error) };
      }
      if (this.#state === "stopped") {
        await link.terminate();
        return { ok: false, error: this.#notRunning().toData() };
      }
      this.#link = link;
      const opened = link;
      void opened.exited.then((exit) => {
        if (this.#link !== opened) return;
        this.#link = undefined;
        if (this.#state !== "running") return;
        // The supervisor lets go of a link before it ends one itself: an exit seen here was not its doing.
        this.#killed("crash", `its sandbox thread is gone (${exit.message})`);
      });
    }
    this.#death = undefined;
    this.#state = "running";
    const started = await link.api.start(request);
    if (this.#stopped) return { ok: false, error: this.#notRunning().toData() };
    if (!started.ok) {
      if (this.#state === "running") this.#state = "dead";
      this.#death = KernelError.fromData(started.error);
      return started;
    }
    this.#options.events.started(this.#restarts);
    if (link.placement === "worker") this.#startWatchdog(link, request.limits.timeoutMs);
    return started;
  }

  /** The port a runner answers its guest through; kill notices of a replaced runner are ignored. */
  #portFor(current: () => RunnerLink | undefined): KernelPortApi {
    return {
      request: this.#options.request,
      notify: (notice: RunnerKilled) => {
        if (current() !== this.#link || this.#state !== "running") return;
        this.#killed(notice.reason, notice.message);
      },
    };
  }

  #killed(reason: KillReason, message: string): void {
    this.#state = "dead";
    this.#death = new KernelError("sandbox_killed", `${this.#options.moduleId}: ${message}`, { data: { reason } });
    const limit = this.#request?.limits.restarts ?? 0;
    this.#options.events.killed(reason, message, Math.max(0, limit - this.#restarts));
  }

  async #restart(): Promise<Result<null>> {
    this.#restarting ??= this.#restartOnce().finally(() => {
      this.#restarting = undefined;
    });
    return this.#restarting;
  }

  async #restartOnce(): Promise<Result<null>> {
    const request = this.#request;
    if (!request || this.#state !== "dead") return ok(null);
    if (this.#restarts >= request.limits.restarts) {
      return fail(
        "sandbox_killed",
        `${this.#options.moduleId} was killed and has used all ${request.limits.restarts} restarts allowed for this session`,
        { moduleId: this.#options.moduleId, restarts: this.#restarts },
      );
    }
    this.#restarts += 1;
    const started = await this.#boot(request);
    if (!started.ok) return started;
    const restored = await settle(() => this.#options.events.restore());
    return restored.ok ? ok(null) : restored;
  }

  /** Pings a worker while the module lives: one that stops answering is stuck outside every interrupt. */
  #startWatchdog(link: RunnerLink, timeoutMs: number): void {
    this.#stopWatchdog();
    const graceMs = this.#options.watchdogGraceMs ?? 2_000;
    const periodMs = Math.max(250, timeoutMs);
    const tick = async () => {
      this.#watchdog = undefined;
      if (this.#link !== link || this.#state === "stopped") return;
      const answered = await link.ping(timeoutMs + graceMs);
      if (this.#link !== link || this.#stopped) return;
      if (!answered) {
        const message = `its worker stopped answering for more than ${timeoutMs + graceMs} ms and was terminated`;
        this.#link = undefined;
        if (this.#state === "running") this.#killed("unresponsive", message);
        await link.terminate({
          code: "sandbox_timeout",
          message: `${this.#options.moduleId}: ${message}`,
          data: { reason: "unresponsive" },
        });
        return;
      }
      this.#watchdog = this.#timers.setTimeout(() => void tick(), periodMs);
    };
    this.#watchdog = this.#timers.setTimeout(() => void tick(), periodMs);
  }

  #stopWatchdog(): void {
    if (this.#watchdog === undefined) return;
    this.#timers.clearTimeout(this.#watchdog);
    this.#watchdog = undefined;
  }
}

function toUnavailable(error: unknown): { code: "sandbox_unavailable"; message: string } {
  const message = error instanceof Error ? error.message : "the sandbox could not be started";
  return { code: "sandbox_unavailable", message: KernelError.is(error) ? error.message : message };
}
