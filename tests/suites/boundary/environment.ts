/**
 * What a runtime gives the boundary suite, and the per-test harness: a boundary with the runtime's
 * placements, a fake remote API reached through the runtime's test transport, a coordinator whose
 * events are recorded, and sandboxed modules mounted through the public API.
 */
import { createSandboxes, type Sandboxes } from "../../../sandbox/create-sandboxes.ts";
import type { CapabilityHost } from "../../../sandbox/kernel/capabilities/capability-gate.ts";
import type { HostFetch } from "../../../sandbox/kernel/capabilities/fetch-gate.ts";
import type { DisposeReport, SandboxPlacement } from "../../../sandbox/protocol.ts";
import type { SandboxThreadSpawner, WorkerThread } from "../../../sandbox/transport/worker-thread.ts";
import { ModuleCoordinator, type ModuleType, type SandboxOptions, type Tool } from "../../../src/index.ts";
import { EventRecorder } from "../../../src/testing/index.ts";
import { createTestApi, SECRET, SECRET_NAME, type TestApi } from "./test-api.ts";

/** A transport to the fake API, and how to stop it. */
export interface ServedApi extends AsyncDisposable {
  readonly fetch: HostFetch;
}

/** What a runtime provides. */
export interface BoundaryEnvironment {
  readonly runtime: "node" | "chromium" | "workerd";
  readonly wasmModule: WebAssembly.Module;
  /** Starts worker threads; absent where there are none (workerd). */
  readonly spawnWorker?: SandboxThreadSpawner | undefined;
  /** Serves the API: on 127.0.0.1 in node, in-process elsewhere. */
  serve(api: TestApi): Promise<ServedApi>;
}

/** Options of {@link BoundaryHarness.mount}. */
export interface MountOptions {
  readonly id?: string;
  readonly kind?: ModuleType;
  readonly sandbox?: Omit<SandboxOptions, "placement">;
  readonly config?: Record<string, unknown>;
}

/**
 * One boundary per placement, shared by the tests of a file (so the warm pool stays warm): what
 * it lends the gates is switched to each test's API and overrides.
 */
export class SharedBoundary implements AsyncDisposable {
  readonly sandboxes: Sandboxes;
  /** What disposing each engine instance found, inline or in a worker. */
  readonly disposals: DisposeReport[] = [];
  /** Modules an engine instance was created for, inline or in a worker. */
  readonly created: string[] = [];
  /** Every worker thread started, in order (tests terminate them to play a crash). */
  readonly threads: WorkerThread[] = [];
  #host: CapabilityHost = {};

  constructor(environment: BoundaryEnvironment) {
    const current = () => this.#host;
    const spawn = environment.spawnWorker;
    const spawnWorker: SandboxThreadSpawner | undefined = spawn
      ? async (observer) => {
          const thread = await spawn(observer);
          this.threads.push(thread);
          return thread;
        }
      : undefined;
    this.sandboxes = createSandboxes({
      wasmModule: environment.wasmModule,
      spawnWorker,
      // Threads start on demand, so each test sees exactly the threads its modules run in.
      poolSize: 0,
      defaultPlacement: "inline",
      onCreated: (moduleId) => this.created.push(moduleId),
      onDisposed: (report) => this.disposals.push(report),
      capabilities: {
        fetch: (url, init) => {
          const fetch = current().fetch;
          if (!fetch) throw new Error("no test API is being served");
          return fetch(url, init);
        },
        secrets: (name) => current().secrets?.(name),
        get store() {
          return current().store;
        },
        get maxResponseBytes() {
          return current().maxResponseBytes;
        },
        get fetchTimeoutMs() {
          return current().fetchTimeoutMs;
        },
      },
    });
  }

  /** Lends the gates `host` until the next call. */
  lend(host: CapabilityHost): void {
    this.#host = host;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.sandboxes[Symbol.asyncDispose]();
  }
}

/** One test's world. Dispose it with `await using`. */
export class BoundaryHarness implements AsyncDisposable {
  readonly placement: SandboxPlacement;
  readonly api: TestApi;
  readonly coordinator: ModuleCoordinator;
  readonly events = new EventRecorder();
  readonly #shared: SharedBoundary;
  readonly #disposalsBefore: number;
  readonly #createdBefore: number;
  readonly #threadsBefore: number;
  readonly #served: ServedApi;
  readonly #cleanups: (() => Promise<unknown>)[] = [];

  private constructor(placement: SandboxPlacement, api: TestApi, served: ServedApi, shared: SharedBoundary) {
    this.placement = placement;
    this.api = api;
    this.#served = served;
    this.#shared = shared;
    this.#disposalsBefore = shared.disposals.length;
    this.#createdBefore = shared.created.length;
    this.#threadsBefore = shared.threads.length;
    this.coordinator = new ModuleCoordinator({ sessionId: "boundary-test" });
    this.events.attach(this.coordinator.hooks, [
      "policy:violation",
      "sandbox:killed",
      "sandbox:started",
      "sandbox:restarted",
    ]);
  }

  /** A harness for `placement` on `shared`; `capabilities` overrides what the host lends the gates. */
  static async create(
    environment: BoundaryEnvironment,
    shared: SharedBoundary,
    placement: SandboxPlacement,
    capabilities: Partial<CapabilityHost> = {},
  ): Promise<BoundaryHarness> {
    const api = createTestApi();
    const served = await environment.serve(api);
    shared.lend({
      fetch: served.fetch,
      secrets: (name) => (name === SECRET_NAME ? SECRET : undefined),
      fetchTimeoutMs: 5_000,
      ...capabilities,
    });
    return new BoundaryHarness(placement, api, served, shared);
  }

  /** Mounts `source` (one file) as a sandboxed module placed per this harness; returns its cleanup. */
  async mount(source: string, options: MountOptions = {}): Promise<() => Promise<unknown>> {
    const module = this.#shared.sandboxes.module(
      { files: { "index.js": source }, entry: "index.js" },
      {
        id: options.id ?? "module-under-test",
        sandbox: { ...options.sandbox, placement: this.placement },
        kind: options.kind,
      },
    );
    const cleanup = await module.mount(this.coordinator, options.config ?? {});
    const run = typeof cleanup === "function" ? (cleanup as () => Promise<unknown>) : async () => undefined;
    this.#cleanups.push(run);
    return run;
  }

  /** The tool `name` (mounted by a sandboxed module). */
  tool(name = "probe"): Tool {
    const tool = this.coordinator.get("tools", name);
    if (!tool) throw new Error(`no tool "${name}" is mounted`);
    return tool;
  }

  /** What disposing this test's engine instances found so far. */
  disposals(): DisposeReport[] {
    return this.#shared.disposals.slice(this.#disposalsBefore);
  }

  /** Engine instances of this test still running (created and not yet disposed). */
  running(): number {
    return this.#shared.created.length - this.#createdBefore - this.disposals().length;
  }

  /** Worker threads this test started. */
  threads(): WorkerThread[] {
    return this.#shared.threads.slice(this.#threadsBefore);
  }

  /** The `policy:violation` events so far. */
  violations(): Record<string, unknown>[] {
    return this.events.get_events("policy:violation").map((recorded) => recorded.data);
  }

  /** Stops every module this test mounted; a test must leave no sandbox running. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.api.release();
    for (const cleanup of this.#cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    await this.#served[Symbol.asyncDispose]();
    if (this.running() > 0) throw new Error(`${this.running()} sandboxes were left running`);
    const unclean = this.#shared.disposals
      .slice(this.#disposalsBefore)
      .filter((report) => !report.killed && (report.errors.length > 0 || report.leaked));
    if (unclean.length > 0) throw new Error(`sandboxes did not stop cleanly: ${JSON.stringify(unclean)}`);
  }
}

/** Wraps a test body: a fresh harness for the suite's placement, disposed after it. */
export type Run = (
  body: (harness: BoundaryHarness) => Promise<void>,
  capabilities?: Partial<CapabilityHost>,
) => () => Promise<void>;

/** A module mounting one tool, `probe`, whose execute body is `body` (an async function body with `input`). */
export function toolModule(body: string, name = "probe"): string {
  return `import { ToolResult } from "amplifier-core";
export async function mount(coordinator) {
  await coordinator.mount("tools", { name: ${JSON.stringify(name)}, description: "probe", async execute(input) { ${body} } }, { name: ${JSON.stringify(name)} });
}`;
}
