/**
 * What a runtime gives the sandbox scenarios, and the per-scenario harness that builds sandboxed
 * modules, records every instance's disposal, and checks that nothing leaked.
 */
import type { QuickJSSyncVariant } from "quickjs-emscripten-core";
import { createSandboxes, type Sandboxes } from "../../../sandbox/create-sandboxes.ts";
import type { SourceReaders } from "../../../sandbox/kernel/module-source.ts";
import type { HookFailurePolicy } from "../../../sandbox/kernel/proxies/guest-caller.ts";
import type { DisposeReport, SandboxSource } from "../../../sandbox/protocol.ts";
import type { Clock } from "../../../sandbox/runner/call-guard.ts";
import type { ModuleType, SandboxOptions } from "../../../src/index.ts";
import type { ExampleName, ExampleSources } from "./examples.ts";

/** What a runtime provides: its compiled QuickJS wasm and which build it is. */
export interface SandboxTestEnvironment {
  readonly runtime: "node" | "chromium" | "workerd";
  readonly build: "release" | "debug";
  readonly wasmModule: WebAssembly.Module;
  /** The variant matching `wasmModule` (the debug build must be given its own). */
  readonly variant?: QuickJSSyncVariant | undefined;
  /** The example modules of `examples/modules/`, read by the runtime's runner. */
  readonly examples: ExampleSources;
}

/** Options of {@link SandboxHarness.module}. */
export interface HarnessModuleOptions {
  readonly id?: string;
  readonly kind?: ModuleType;
  readonly sandbox?: SandboxOptions;
  readonly hookFailure?: HookFailurePolicy;
  readonly now?: Clock;
}

/** One scenario's sandboxes: built through the public API, checked for clean disposal at the end. */
export class SandboxHarness {
  readonly environment: SandboxTestEnvironment;
  readonly disposals: DisposeReport[] = [];
  readonly diagnostics: string[] = [];
  readonly created: string[] = [];
  readonly #knownEngineLeaks = new Map<string, string>();
  readonly #sandboxes: Sandboxes[] = [];

  constructor(environment: SandboxTestEnvironment) {
    this.environment = environment;
  }

  /** An example module's files. */
  example(name: ExampleName): SandboxSource {
    return this.environment.examples[name];
  }

  get debug(): boolean {
    return this.environment.build === "debug";
  }

  /**
   * Sandboxes on this thread (the one composition, placed inline), recording disposals and engine
   * diagnostics; released by {@link SandboxHarness.dispose}.
   */
  sandboxes(readers: SourceReaders = {}, now?: Clock): Sandboxes {
    const sandboxes = createSandboxes({
      ...readers,
      wasmModule: this.environment.wasmModule,
      variant: this.environment.variant,
      build: this.environment.build,
      defaultPlacement: "inline",
      now,
      onDiagnostic: (line) => this.diagnostics.push(line),
      onCreated: (moduleId) => this.created.push(moduleId),
      onDisposed: (report) => this.disposals.push(report),
    });
    this.#sandboxes.push(sandboxes);
    return sandboxes;
  }

  /** Stops every sandbox this harness made (modules a scenario left mounted included). */
  async dispose(): Promise<void> {
    for (const sandboxes of this.#sandboxes.splice(0)) await sandboxes[Symbol.asyncDispose]();
  }

  /** The scenario's sandbox block, adapted to the build (see {@link limitsForBuild}). */
  limits(block: SandboxOptions = {}): SandboxOptions {
    return limitsForBuild(this.environment.build, block);
  }

  /** A sandboxed module from a file map (or one inline file). */
  module(source: SandboxSource | string, options: HarnessModuleOptions = {}) {
    const files = typeof source === "string" ? { files: { "index.js": source }, entry: "index.js" } : source;
    return this.sandboxes({}, options.now).module(files, {
      id: options.id ?? "test-module",
      sandbox: this.limits(options.sandbox),
      kind: options.kind,
      hookFailure: options.hookFailure,
    });
  }

  /**
   * Accepts a leak the debug build reports for `moduleId` that comes from the engine itself, not
   * from this code (named, so the exception stays visible). The instance is dropped either way.
   */
  acceptEngineLeak(moduleId: string, reason: string): void {
    this.#knownEngineLeaks.set(moduleId, reason);
  }

  /**
   * Fails when a sandbox that was stopped normally did not release everything: a handle kept, a
   * dispose that failed, or (debug build) memory the leak sanitizer found.
   */
  assertClean(): void {
    for (const report of this.disposals) {
      if (report.killed) continue;
      const leaked = report.leaked && !this.#knownEngineLeaks.has(report.moduleId);
      if (report.errors.length > 0 || leaked) {
        throw new Error(`${report.moduleId} did not stop cleanly: ${JSON.stringify(report)}`);
      }
    }
    if (this.created.length !== this.disposals.length) {
      const open = [...this.created];
      for (const report of this.disposals) open.splice(open.indexOf(report.moduleId), 1);
      throw new Error(`sandbox instances never disposed: ${open.join(", ")}`);
    }
  }
}

/**
 * A sandbox block adapted to the QuickJS build: the debug build needs ~83 MiB to start and runs
 * about ten times slower, so its memory floor is 256 MiB and every time limit (the 1 s default
 * included) is ten times longer. The release build gets the block unchanged.
 */
export function limitsForBuild(build: SandboxTestEnvironment["build"], block: SandboxOptions = {}): SandboxOptions {
  if (build === "release") return block;
  return { ...block, memory_mb: Math.max(block.memory_mb ?? 0, 256), timeout_ms: (block.timeout_ms ?? 1_000) * 10 };
}

/** One scenario: a name and a body run against a fresh harness. */
export interface SandboxScenario {
  readonly name: string;
  /** Memory bombs cannot run on the debug build: its leak sanitizer aborts the process at the cap. */
  readonly releaseOnly?: boolean;
  readonly run: (harness: SandboxHarness) => Promise<void>;
}
