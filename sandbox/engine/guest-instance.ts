/**
 * One live sandbox: a capped QuickJS instance with one runtime and one context, the guest prelude,
 * and the loaded module. It runs calls through the promise bridge, enforces the limits, and kills
 * itself when one is broken (every pending call then fails with the kill's KernelError).
 */
import type { QuickJSContext, QuickJSDeferredPromise, QuickJSHandle, QuickJSRuntime } from "quickjs-emscripten-core";
import { KernelError } from "../../src/errors.ts";
import { MAX_NESTING_DEPTH } from "../guest/boundary-source.ts";
import { HOST_FUNCTION_GLOBAL, PRELUDE_MODULE_NAME, preludeSource } from "../guest/prelude-source.ts";
import {
  type CancellationState,
  KILL_ERROR_CODES,
  type KillReason,
  type SandboxSource,
  type StartReply,
} from "../protocol.ts";
import { createQuickJSInstance, type QuickJSInstance } from "../quickjs-instance.ts";
import { type CallCharge, CallGuard } from "./call-guard.ts";
import { hostFailureReason, jsonNestingDepth, KILL_DESCRIPTIONS, limitBroken, utf8Length } from "./failure.ts";
import type { GuestInstanceOptions } from "./guest-options.ts";
import { describeDumped, interpretTagged, releaseInstance } from "./guest-results.ts";
import { readGuestText } from "./guest-text.ts";
import { HostRequests } from "./host-requests.ts";
import { ENTRY_WRAPPER_NAME, entryWrapperSource, moduleFiles, moduleResolution } from "./module-files.ts";
import { PendingCalls } from "./pending-calls.ts";
import { safeStackLimit } from "./stack-self-test.ts";

export type { DisposeReport, GuestInstanceOptions } from "./guest-options.ts";

/** Room for an error description (bounded by the prelude), whatever the message limit. */
const ERROR_TEXT_BYTES = 128 * 1024;

/** A killed instance's cause. */
interface Death {
  readonly reason: KillReason;
  readonly error: KernelError;
}

/** Promise jobs run between two checks of the CPU guard while draining the job queue. */
const JOBS_PER_CHECK = 256;

/** One sandboxed module's engine instance. Create with {@link GuestInstance.create}. */
export class GuestInstance {
  readonly #options: GuestInstanceOptions;
  readonly #instance: QuickJSInstance;
  readonly #runtime: QuickJSRuntime;
  readonly #context: QuickJSContext;
  readonly #guard: CallGuard;
  readonly #calls: PendingCalls;
  readonly #owned: QuickJSHandle[] = [];
  #start: QuickJSHandle | undefined;
  #dispatch: QuickJSHandle | undefined;
  #namespace: QuickJSHandle | undefined;
  readonly #requests: HostRequests;
  #inSection = false;
  #pendingKill: { reason: KillReason; message: string } | undefined;
  #death: Death | undefined;
  #disposed = false;

  private constructor(options: GuestInstanceOptions, instance: QuickJSInstance, stackBytes: number) {
    this.#options = options;
    this.#instance = instance;
    this.#guard = new CallGuard(options.now, options.limits.timeoutMs, options.limits.interruptBudget);
    this.#runtime = instance.quickjs.newRuntime();
    this.#runtime.setMaxStackSize(stackBytes);
    this.#runtime.setMemoryLimit(instance.capBytes);
    this.#runtime.setInterruptHandler(this.#guard.handler);
    instance.setInterruptEscalation(() =>
      this.#guard.abandoned
        ? new KernelError("sandbox_timeout", "the guest went on running after it was interrupted")
        : undefined,
    );
    this.#context = this.#runtime.newContext();
    this.#calls = new PendingCalls(this.#context);
    this.#requests = new HostRequests({
      context: this.#context,
      limits: options.limits,
      onRequest: options.onRequest,
      kill: (reason, message) => this.kill(reason, message),
      resume: (deferred, reply) => this.#resume(deferred, reply),
    });
    options.onCreated?.();
  }

  /**
   * Instantiates the engine, evaluates the prelude and the module (top-level await included).
   *
   * @throws KernelError `module_invalid` (syntax error, refused import, top-level throw), a
   *   `sandbox_*` code when loading broke a limit, `invalid_config` for an unusable file map.
   */
  static async create(options: GuestInstanceOptions, source: SandboxSource): Promise<GuestInstance> {
    const files = moduleFiles(source);
    const stackBytes = await safeStackLimit(
      options.wasmModule,
      options.variant,
      options.limits.stackBytes,
      options.onDiagnostic,
    );
    const instance = await createQuickJSInstance(
      options.wasmModule,
      options.limits.memoryMiB,
      options.variant,
      options.onDiagnostic,
    );
    const guest = new GuestInstance(options, instance, stackBytes);
    const resolution = moduleResolution(files);
    guest.#runtime.setModuleLoader(resolution.loader, resolution.normalizer);
    try {
      guest.#installPrelude();
      const wrapper = await guest.#run(
        "loading the module",
        () => guest.#context.evalCode(entryWrapperSource(files), ENTRY_WRAPPER_NAME, { type: "module" }),
        (value) => guest.#context.getProp(value, "default"),
      );
      guest.#namespace = wrapper;
      guest.#owned.push(wrapper);
    } catch (error) {
      guest.dispose();
      throw error;
    }
    return guest;
  }

  /** True until the instance is killed or disposed. */
  get alive(): boolean {
    return this.#death === undefined && !this.#disposed;
  }

  /** Runs the module's `mount(coordinator, config)`. */
  async start(config: Record<string, unknown>, session: Record<string, unknown>): Promise<StartReply> {
    const start = this.#requireLive(this.#start);
    const namespace = this.#requireLive(this.#namespace);
    const text = await this.#runTagged("mount()", () => {
      using configText = this.#context.newString(JSON.stringify(config));
      using sessionText = this.#context.newString(JSON.stringify(session));
      return this.#context.callFunction(start, this.#context.undefined, namespace, configText, sessionText);
    });
    return JSON.parse(text) as StartReply;
  }

  /**
   * Calls `method` on the guest object registered as `target` and returns its result as data
   * (`undefined` when the guest returned nothing).
   *
   * @throws KernelError the guest's failure (its code kept when it is a kernel code, else
   *   `execution_failed`), `sandbox_payload` when the arguments are too large, or the kill's code.
   */
  async invoke(
    target: string,
    method: string,
    args: readonly unknown[],
    cancellation?: CancellationState,
  ): Promise<unknown> {
    const dispatch = this.#requireLive(this.#dispatch);
    let argsText: string;
    try {
      argsText = JSON.stringify(args);
    } catch (error) {
      throw new KernelError(
        "invalid_argument",
        `the arguments of ${target}.${method}() cannot cross the sandbox boundary: ${String(error)}`,
      );
    }
    if (utf8Length(argsText) > this.#options.limits.maxMessageBytes) {
      throw new KernelError(
        "sandbox_payload",
        `the arguments of ${target}.${method}() are larger than the ${this.#options.limits.maxMessageBytes}-byte message limit`,
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
      return this.#context.callFunction(dispatch, this.#context.undefined, targetText, methodText, argsHandle, state);
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
    const { errors, leaked } = releaseInstance(
      [...this.#owned.reverse(), this.#context, this.#runtime],
      this.#instance,
    );
    this.#options.onDisposed?.({ killed: this.#death?.reason, errors, leaked });
  }

  #requireLive(handle: QuickJSHandle | undefined): QuickJSHandle {
    if (this.#death) throw this.#death.error;
    if (this.#disposed || handle === undefined) throw new KernelError("sandbox_killed", "the sandbox was stopped");
    return handle;
  }

  #installPrelude(): void {
    const context = this.#context;
    {
      using request = context.newFunction(HOST_FUNCTION_GLOBAL, this.#requests.handle);
      context.setProp(context.global, HOST_FUNCTION_GLOBAL, request);
    }
    const source = preludeSource(this.#options.limits.maxMessageBytes);
    const prelude = this.#section(() => context.evalCode(source, PRELUDE_MODULE_NAME, { type: "module" }));
    if (prelude.error) {
      const described = context.dump(prelude.error);
      prelude.error.dispose();
      throw new KernelError("internal", `the guest prelude failed to load: ${JSON.stringify(described)}`);
    }
    using namespace = prelude.value;
    this.#start = context.getProp(namespace, "start");
    this.#dispatch = context.getProp(namespace, "dispatch");
    this.#owned.push(this.#start, this.#dispatch);
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
    const limit = this.#options.limits.maxMessageBytes;
    const tagged = await this.#run(what, enter, (value) =>
      readGuestText(this.#context, value, Math.max(limit, ERROR_TEXT_BYTES) + 1),
    );
    const outcome = interpretTagged(tagged, what, limit, utf8Length);
    if ("value" in outcome) return outcome.value;
    if ("error" in outcome) throw outcome.error;
    this.kill(outcome.kill.reason, outcome.kill.message);
    throw this.#death?.error ?? new KernelError(KILL_ERROR_CODES[outcome.kill.reason], outcome.kill.message);
  }

  /** Enters the guest with `enter`, then follows the returned promise (if any) to its value. */
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
        if (result.error) this.#calls.fail(charge, this.#describeThrown(result.error, what));
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
        const atCap = this.#instance.memory.buffer.byteLength + 8 * 1024 * 1024 > this.#instance.capBytes;
        this.#pendingKill ??= {
          reason: hostFailureReason(error, atCap),
          message: `the engine failed: ${String(error)}`,
        };
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
    if (this.#guard.tripped) {
      this.#pendingKill ??= {
        reason: "timeout",
        message: `used more than ${this.#options.limits.timeoutMs} ms of guest time in one call`,
      };
    }
    const kill = this.#pendingKill;
    if (kill) this.#die(kill.reason, kill.message);
    return this.#death?.error;
  }

  /** Settles finished calls; a call that waits on nothing the host could ever answer is a timeout. */
  #settle(): void {
    if (!this.alive) return;
    const describe = (error: QuickJSHandle, what: string) => this.#section(() => this.#describeThrown(error, what));
    try {
      this.#calls.settle(describe);
    } catch {
      return;
    }
    if (!this.alive) return;
    const stuck = this.#calls.stuck(this.#requests.pending, this.#runtime.hasPendingJob());
    if (stuck) this.#die("timeout", `${stuck} never settles: it awaits something no host call will ever resolve`);
  }

  /** A KernelError for a value the guest threw or rejected with; a broken limit also kills. */
  #describeThrown(errorHandle: QuickJSHandle, what: string): KernelError {
    const error = describeDumped(this.#context.dump(errorHandle));
    errorHandle.dispose();
    const broken = this.#guard.tripped ? "timeout" : limitBroken(error);
    if (broken) {
      // "interrupted" says nothing to a module author; say which limit it was.
      const detail =
        broken === "timeout"
          ? `used more than ${this.#options.limits.timeoutMs} ms of guest time in one call`
          : error.message;
      const message = `${what}: ${detail}`;
      this.#pendingKill ??= { reason: broken, message };
      return new KernelError(KILL_ERROR_CODES[broken], `the sandbox ${KILL_DESCRIPTIONS[broken]} (${message})`);
    }
    return new KernelError("module_invalid", `${what} failed: ${error.name}: ${error.message}`);
  }

  #die(reason: KillReason, message: string): void {
    if (this.#death || this.#disposed) return;
    const text = `the sandbox ${KILL_DESCRIPTIONS[reason]} (${message})`;
    this.#death = { reason, error: new KernelError(KILL_ERROR_CODES[reason], text, { data: { reason } }) };
    this.#pendingKill = undefined;
    this.#calls.rejectAll(this.#death.error);
    this.dispose();
    this.#options.onKilled(reason, text);
  }
}
