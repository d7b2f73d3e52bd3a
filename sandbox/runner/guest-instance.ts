/**
 * One live sandbox: a capped QuickJS instance with one runtime and one context, the guest prelude,
 * and (once assigned) one module. It runs calls through the promise bridge, enforces the limits
 * from outside the guest, and kills itself when one is broken (every pending call then fails with
 * the kill's KernelError). An instance is **prepared** ahead of need (engine, runtime, context and
 * prelude) and **assigned** to a module when one mounts, so a mount does not wait for the engine.
 */
import type { QuickJSContext, QuickJSDeferredPromise, QuickJSHandle, QuickJSRuntime } from "quickjs-emscripten-core";
import { KernelError } from "../../src/errors.ts";
import { GUEST_FILES } from "../guest/guest-files.generated.ts";
import { KILL_ERROR_CODES, type KillReason, type SandboxSource, type StartReply } from "../protocol.ts";
import { type CallCharge, CallGuard, type CpuTrip } from "./call-guard.ts";
import { createEngineInstance, type EngineInstance } from "./engine-instance.ts";
import type { EngineOptions, GuestAssignment } from "./guest-options.ts";
import { GuestRequests } from "./guest-requests.ts";
import { type GuestErrorLocation, interpretTagged, releaseInstance } from "./guest-results.ts";
import { readGuestText } from "./guest-text.ts";
import { hostFailureReason, jsonNestingDepth, KILL_DESCRIPTIONS, utf8Length } from "./kill-reasons.ts";
import { ModuleResolution, moduleFiles, PRELUDE_ENTRY } from "./module-files.ts";
import { PendingCalls } from "./pending-calls.ts";
import { safeStackLimit } from "./stack-self-test.ts";

export type { EngineOptions, GuestAssignment } from "./guest-options.ts";

/** Room for an error description (bounded by the prelude), whatever the message limit. */
const ERROR_TEXT_BYTES = 128 * 1024;
/** Promise jobs run between two checks of the CPU guard while draining the job queue. */
const JOBS_PER_CHECK = 256;
/** How deeply a value may nest when it crosses (the prelude's MAX_NESTING_DEPTH). */
const MAX_NESTING_DEPTH = 512;
/** The global the host function is installed under until the prelude takes it. */
const HOST_FUNCTION_GLOBAL = "__amplifier_host_request";
/** CPU limits of a prepared instance before a module is assigned (it runs only the prelude). */
const PREPARE_LIMITS = {
  timeoutMs: 10_000,
  interruptBudget: 500_000,
  windowMs: 10_000,
  windowBudgetMs: 10_000,
  backgroundBudgetMs: 10_000,
};

interface PreludeEntries {
  readonly configure: QuickJSHandle;
  readonly load: QuickJSHandle;
  readonly start: QuickJSHandle;
  readonly dispatch: QuickJSHandle;
}

interface Death {
  readonly reason: KillReason;
  readonly error: KernelError;
}

/**
 * A call's label without the names the guest chose (`tools:anything.execute()` → `tools.execute()`),
 * for kill reports, which carry only what the host knows.
 */
function hostLabel(what: string): string {
  return what.replace(/^([a-z]+):.*\.([a-z_:]+\(\))$/, "$1.$2");
}

/** One sandboxed module's engine instance. Create with {@link GuestInstance.prepare}. */
export class GuestInstance {
  readonly #engine: EngineInstance;
  readonly #runtime: QuickJSRuntime;
  readonly #context: QuickJSContext;
  readonly #guard: CallGuard;
  readonly #calls: PendingCalls;
  readonly #resolution = new ModuleResolution();
  readonly #requests: GuestRequests;
  readonly #owned: QuickJSHandle[] = [];
  #entries: PreludeEntries | undefined;
  #assignment: GuestAssignment | undefined;
  #inSection = false;
  #pendingKill: { reason: KillReason; message: string } | undefined;
  #death: Death | undefined;
  #disposed = false;

  private constructor(engine: EngineInstance, stackBytes: number, options: EngineOptions) {
    this.#engine = engine;
    this.#guard = new CallGuard(options.now ?? Date.now, PREPARE_LIMITS);
    this.#runtime = engine.quickjs.newRuntime();
    this.#runtime.setMaxStackSize(stackBytes);
    this.#runtime.setMemoryLimit(engine.capBytes);
    this.#runtime.setInterruptHandler(this.#guard.handler);
    this.#runtime.setModuleLoader(this.#resolution.loader, this.#resolution.normalizer);
    engine.setInterruptEscalation(() =>
      this.#guard.abandoned
        ? new KernelError("sandbox_timeout", "the guest went on running after it was interrupted")
        : undefined,
    );
    this.#context = this.#runtime.newContext();
    this.#calls = new PendingCalls(this.#context);
    this.#requests = new GuestRequests({
      context: this.#context,
      kill: (reason, message) => this.kill(reason, message),
      resume: (deferred, reply) => this.#resume(deferred, reply),
    });
  }

  /**
   * Instantiates the engine with a `memoryMiB` cap and evaluates the prelude: everything a module
   * needs before its own code runs.
   *
   * @throws KernelError `sandbox_unavailable` when the stack self-test fails, `internal` when the prelude does not load.
   */
  static async prepare(options: EngineOptions, memoryMiB: number, stackBytes: number): Promise<GuestInstance> {
    const safeStack = await safeStackLimit(options.wasmModule, options.variant, stackBytes, options.onDiagnostic);
    const engine = await createEngineInstance(options.wasmModule, memoryMiB, options.variant, options.onDiagnostic);
    const guest = new GuestInstance(engine, safeStack, options);
    try {
      guest.#installPrelude();
    } catch (error) {
      guest.dispose();
      throw error;
    }
    return guest;
  }

  /** The memory cap this instance was prepared with, in MiB. */
  get memoryMiB(): number {
    return this.#engine.capBytes / (1024 * 1024);
  }

  /** True until the instance is killed or disposed. */
  get alive(): boolean {
    return this.#death === undefined && !this.#disposed;
  }

  /** The error calls fail with once the instance is gone. */
  get death(): KernelError | undefined {
    return this.#death?.error;
  }

  /**
   * Assigns a module to this prepared instance and loads its files (top-level await included).
   *
   * @throws KernelError `module_invalid` (syntax error, refused import, top-level throw), a
   *   `sandbox_*` code when loading broke a limit, `invalid_config` for an unusable file map.
   */
  async load(assignment: GuestAssignment, source: SandboxSource): Promise<readonly string[]> {
    if (this.#assignment) throw new KernelError("internal", "a sandbox instance serves one module only");
    this.#assignment = assignment;
    const files = moduleFiles(source);
    const { limits } = assignment;
    this.#guard.configure({
      timeoutMs: limits.timeoutMs,
      interruptBudget: limits.interruptBudget,
      windowMs: limits.cpuWindowMs,
      windowBudgetMs: limits.cpuBudgetMs,
      backgroundBudgetMs: limits.backgroundBudgetMs,
    });
    this.#requests.assign({
      maxMessageBytes: limits.maxMessageBytes,
      maxPendingJobs: limits.maxPendingJobs,
      send: assignment.onRequest,
    });
    this.#resolution.assign(files);
    const settings = JSON.stringify({ maxMessageBytes: limits.maxMessageBytes, session: assignment.session });
    const entries = this.#requireLive();
    await this.#runTagged("configuring the module", () => {
      using text = this.#context.newString(settings);
      return this.#context.callFunction(entries.configure, this.#context.undefined, text);
    });
    let exports: string;
    try {
      exports = await this.#runTagged("loading the module", () => {
        using entry = this.#context.newString(files.entry);
        return this.#context.callFunction(entries.load, this.#context.undefined, entry);
      });
    } catch (error) {
      // A syntax error, a refused import or a top-level throw is the module's own fault; where it
      // happened goes into the message, since the author reads that first.
      if (KernelError.is(error) && !this.#death) {
        const where = (error.data as { guest?: { location?: GuestErrorLocation } } | undefined)?.guest?.location;
        const at = where ? ` (at ${where.file.slice(1)}:${where.line}:${where.column})` : "";
        throw new KernelError("module_invalid", `${error.message}${at}`, {
          data: { ...error.data, ...(where ? { location: where } : {}) },
        });
      }
      throw error;
    }
    return JSON.parse(exports) as string[];
  }

  /** Runs the module's `mount(coordinator, config)`. */
  async start(config: Record<string, unknown>, exports: readonly string[]): Promise<StartReply> {
    const entries = this.#requireLive();
    const text = await this.#runTagged("mount()", () => {
      using configText = this.#context.newString(JSON.stringify(config));
      return this.#context.callFunction(entries.start, this.#context.undefined, configText);
    });
    const reply = JSON.parse(text) as { cleanup: boolean };
    return { cleanup: reply.cleanup === true, exports };
  }

  /**
   * Calls `method` on the guest object registered as `target` and returns its result as data
   * (`undefined` when the guest returned nothing).
   *
   * @throws KernelError the guest's failure (its code kept when it is a kernel code, else
   *   `execution_failed`), `sandbox_payload` when the arguments are too large, or the kill's code.
   */
  async invoke(target: string, method: string, args: readonly unknown[], cancellation?: string): Promise<unknown> {
    const entries = this.#requireLive();
    const limit = this.#assignment?.limits.maxMessageBytes ?? 0;
    let argsText: string;
    try {
      argsText = JSON.stringify(args);
    } catch (error) {
      throw new KernelError(
        "invalid_argument",
        `the arguments of ${target}.${method}() cannot cross the sandbox boundary`,
        {
          cause: error,
        },
      );
    }
    if (argsText.length > limit || utf8Length(argsText) > limit) {
      throw new KernelError(
        "sandbox_payload",
        `the arguments of ${target}.${method}() are larger than the ${limit}-byte message limit`,
      );
    }
    // The arguments travel as one array, hence the extra level.
    if (jsonNestingDepth(argsText) > MAX_NESTING_DEPTH + 1) {
      throw new KernelError(
        "invalid_argument",
        `the arguments of ${target}.${method}() are nested deeper than ${MAX_NESTING_DEPTH} levels, the boundary's limit`,
      );
    }
    const text = await this.#runTagged(`${target}.${method}()`, () => {
      using targetText = this.#context.newString(target);
      using methodText = this.#context.newString(method);
      using argsHandle = this.#context.newString(argsText);
      using state = cancellation === undefined ? this.#context.undefined : this.#context.newString(cancellation);
      return this.#context.callFunction(
        entries.dispatch,
        this.#context.undefined,
        targetText,
        methodText,
        argsHandle,
        state,
      );
    });
    return text === "" ? undefined : JSON.parse(text);
  }

  /** Kills the instance from outside (for example when its owner is cancelled). */
  kill(reason: KillReason, message: string): void {
    if (this.#inSection) this.#pendingKill ??= { reason, message };
    else this.#die(reason, message);
  }

  /** Releases every handle, the context, the runtime and the instance. Safe to call twice. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#calls.rejectAll(this.#death?.error ?? new KernelError("sandbox_killed", "the sandbox was stopped"));
    const { errors, leaked } = releaseInstance([...this.#owned.reverse(), this.#context, this.#runtime], this.#engine);
    this.#assignment?.onDisposed?.({ killed: this.#death?.reason, errors, leaked });
  }

  #requireLive(): PreludeEntries {
    if (this.#death) throw this.#death.error;
    if (this.#disposed || !this.#entries) throw new KernelError("sandbox_killed", "the sandbox was stopped");
    return this.#entries;
  }

  #installPrelude(): void {
    const context = this.#context;
    {
      using request = context.newFunction(HOST_FUNCTION_GLOBAL, this.#requests.handle);
      context.setProp(context.global, HOST_FUNCTION_GLOBAL, request);
    }
    const source = GUEST_FILES["entry.js"] ?? "";
    const prelude = this.#section(() => context.evalCode(source, PRELUDE_ENTRY, { type: "module" }));
    if (prelude.error) {
      const described = this.#describeRaw(prelude.error);
      throw new KernelError("internal", `the guest prelude failed to load: ${described}`);
    }
    using namespace = prelude.value;
    const entry = (name: string) => {
      const handle = context.getProp(namespace, name);
      this.#owned.push(handle);
      return handle;
    };
    this.#entries = {
      configure: entry("configure"),
      load: entry("load"),
      start: entry("start"),
      dispatch: entry("dispatch"),
    };
  }

  /** Resolves a guest request's promise with the kernel's reply and runs the guest on from there. */
  #resume(deferred: QuickJSDeferredPromise, replyText: string): void {
    if (!this.alive) return;
    try {
      this.#section(() => {
        using reply = this.#context.newString(replyText);
        deferred.resolve(reply);
        return this.#drain();
      });
    } catch {
      // A kill during the continuation has already failed the calls that were waiting.
    } finally {
      if (deferred.alive) deferred.dispose();
    }
    this.#settle();
  }

  /** Runs one call that resolves to a tagged string ("V" value JSON / "E" error JSON). */
  async #runTagged(what: string, enter: () => ReturnType<QuickJSContext["callFunction"]>): Promise<string> {
    const limit = this.#assignment?.limits.maxMessageBytes ?? ERROR_TEXT_BYTES;
    const tagged = await this.#run(what, enter, (value) =>
      readGuestText(this.#context, value, Math.max(limit, ERROR_TEXT_BYTES) + 1),
    );
    const sized =
      tagged.text?.startsWith("V") && utf8Length(tagged.text) - 1 > limit
        ? { text: undefined, tooLarge: true }
        : tagged;
    const outcome = interpretTagged(sized, what, limit, this.#engine.exhausted);
    if ("value" in outcome) return outcome.value;
    if ("error" in outcome) throw outcome.error;
    this.kill(outcome.kill.reason, outcome.kill.message);
    throw this.#death?.error ?? new KernelError(KILL_ERROR_CODES[outcome.kill.reason], outcome.kill.message);
  }

  /** Enters the guest with `enter`, then follows the returned promise to its value. */
  #run<T>(
    what: string,
    enter: () => ReturnType<QuickJSContext["callFunction"]>,
    read: (value: QuickJSHandle) => T,
  ): Promise<T> {
    const charge: CallCharge = { spentMs: 0, spentPolls: 0 };
    const settled = this.#calls.add(what, charge, read);
    try {
      this.#section(() => {
        const result = enter();
        if (result.error) this.#calls.fail(charge, this.#thrownOutsidePrelude(result.error, what));
        else this.#calls.attach(charge, result.value);
        return this.#drain();
      });
    } catch {
      // Killed: the call was failed with the kill's error.
    }
    this.#settle();
    return settled;
  }

  /**
   * Runs the pending jobs in batches, checking the CPU guard between them. An interrupt inside a
   * promise job only rejects that job's promise and the engine goes on to the next one, so a guest
   * whose every job schedules more (a microtask flood) would otherwise run far past its limit.
   */
  #drain(): void {
    while (!this.#guard.expired() && this.#runtime.hasPendingJob()) {
      const jobs = this.#runtime.executePendingJobs(JOBS_PER_CHECK);
      if (jobs.error) {
        jobs.error.dispose();
        return;
      }
    }
  }

  /**
   * Runs guest code under the CPU guard; turns a broken limit or an engine fault into a kill.
   *
   * @throws KernelError the kill's error when the section broke a limit (its handles died with it).
   */
  #section<T>(run: () => T): T {
    if (this.#death) throw this.#death.error;
    if (this.#inSection) throw new KernelError("internal", "re-entered a sandbox while it was running");
    const charges = [...this.#calls.charges()];
    this.#inSection = true;
    this.#guard.begin(charges);
    let value: T;
    try {
      value = run();
    } catch (error) {
      if (!KernelError.is(error)) {
        const reason = hostFailureReason(error, this.#engine.exhausted);
        const detail = error instanceof Error ? `${error.name}: ${error.message}` : "a non-Error value";
        this.#pendingKill ??= { reason, message: `the engine failed (${detail})` };
      }
      throw this.#endSection(charges) ?? error;
    }
    const killed = this.#endSection(charges);
    if (killed) throw killed;
    return value;
  }

  /** Closes a section; returns the kill's error when the section broke a limit. */
  #endSection(charges: CallCharge[]): KernelError | undefined {
    this.#guard.end(charges);
    this.#inSection = false;
    const tripped = this.#guard.tripped;
    if (tripped) this.#pendingKill ??= { reason: tripped, message: this.#cpuMessage(tripped) };
    const kill = this.#pendingKill;
    if (kill) this.#die(kill.reason, kill.message);
    return this.#death?.error;
  }

  #cpuMessage(tripped: CpuTrip): string {
    const limits = this.#assignment?.limits;
    if (!limits) return "the prelude ran past its time limit";
    if (tripped === "timeout") return `used more than ${limits.timeoutMs} ms of guest time in one call`;
    return this.#guard.inBackground
      ? `ran more than ${limits.backgroundBudgetMs} ms with no call in flight in ${limits.cpuWindowMs} ms (background_ms)`
      : `used more than ${limits.cpuBudgetMs} ms of guest time in ${limits.cpuWindowMs} ms (cpu_budget_ms)`;
  }

  /** Settles finished calls; a call that waits on nothing the host could ever answer is a timeout. */
  #settle(): void {
    if (!this.alive) return;
    const describe = (error: QuickJSHandle, what: string) =>
      this.#section(() => this.#thrownOutsidePrelude(error, what));
    try {
      this.#calls.settle(describe);
    } catch {
      return;
    }
    if (!this.alive) return;
    const stuck = this.#calls.stuck(this.#requests.pending, this.#runtime.hasPendingJob());
    if (stuck)
      this.#die("timeout", `${hostLabel(stuck)} never settles: it awaits something no host call will ever resolve`);
  }

  /**
   * A value thrown past the prelude (which answers every call itself, so this is the engine
   * unwinding an interrupted or exhausted section): described from the host's observation.
   */
  #thrownOutsidePrelude(errorHandle: QuickJSHandle, what: string): KernelError {
    const described = this.#describeRaw(errorHandle);
    const tripped = this.#guard.tripped;
    if (tripped) {
      const message = this.#cpuMessage(tripped);
      this.#pendingKill ??= { reason: tripped, message };
      return new KernelError(KILL_ERROR_CODES[tripped], `the sandbox ${KILL_DESCRIPTIONS[tripped]} (${message})`);
    }
    if (this.#engine.exhausted) {
      this.#pendingKill ??= { reason: "memory", message: "the engine's memory reached its cap" };
      return new KernelError("sandbox_memory", `the sandbox ${KILL_DESCRIPTIONS.memory}`);
    }
    return new KernelError("module_invalid", `${what} failed: ${described}`);
  }

  /** Name and message of a raw guest value, read with a size bound; disposes the handle. */
  #describeRaw(handle: QuickJSHandle): string {
    const context = this.#context;
    try {
      if (context.typeof(handle) !== "object") return readGuestText(context, handle, 4096).text ?? "a non-string value";
      using name = context.getProp(handle, "name");
      using message = context.getProp(handle, "message");
      const nameText = readGuestText(context, name, 200).text ?? "Error";
      const messageText = readGuestText(context, message, 4096).text ?? "(an unreadable message)";
      return `${nameText}: ${messageText}`;
    } catch {
      return "an error that could not be read";
    } finally {
      if (handle.alive) handle.dispose();
    }
  }

  #die(reason: KillReason, message: string): void {
    if (this.#death || this.#disposed) return;
    const text = `the sandbox ${KILL_DESCRIPTIONS[reason]} (${message})`;
    this.#death = { reason, error: new KernelError(KILL_ERROR_CODES[reason], text, { data: { reason } }) };
    this.#pendingKill = undefined;
    this.#calls.rejectAll(this.#death.error);
    this.dispose();
    this.#assignment?.onKilled(reason, text);
  }
}
