/**
 * ModuleLoader: turns a plan entry into a mount closure. Trusted modules come from a registry of
 * built-ins by id; modules with a `source` go to the SandboxLoader. Every load makes a fresh
 * closure bound to its own copy of the config, which is what lets one module mount twice.
 */
import type {
  Coordinator,
  LoadedModule,
  ModuleDefinition,
  ModuleRegistry,
  MountFunction,
  MountResult,
  SandboxLoader,
} from "./contracts.ts";
import { KernelError } from "./errors.ts";
import type { ModuleType } from "./models/index.ts";
import { resolveModuleSource } from "./module-source-resolution.ts";
import { didYouMean } from "./plan/did-you-mean.ts";
import type { ModuleSource } from "./plan/module-source.ts";
import type { SandboxOptions } from "./plan/sandbox-options.ts";

/** What to load. */
export interface LoadRequest {
  id: string;
  /** The plan section the entry came from; a module of another type is rejected. */
  kind: ModuleType;
  config?: Record<string, unknown>;
  source?: ModuleSource | undefined;
  sandbox?: SandboxOptions | undefined;
}

/** A module ready to mount. */
export interface LoadedMount {
  readonly id: string;
  readonly type: ModuleType;
  /** Whether it runs in a sandbox. */
  readonly sandboxed: boolean;
  mount(coordinator: Coordinator): Promise<MountResult>;
  on_session_ready?(coordinator: Coordinator): Promise<void>;
}

/** Options of a ModuleLoader. */
export interface ModuleLoaderOptions {
  modules?: ModuleRegistry | readonly ModuleDefinition[] | undefined;
  sandbox?: SandboxLoader | undefined;
  /** Directory of the plan, passed to the sandbox to resolve relative sources. */
  planDir?: string | undefined;
}

/**
 * The type a module id suggests, by the original's substring rules (`orchestrat`/`loop`,
 * `provider`, `tool`, `hook`, `context`; default `tool`).
 */
export function detectModuleType(id: string): ModuleType {
  const name = id.toLowerCase();
  if (name.includes("orchestrat") || name.includes("loop")) return "orchestrator";
  if (name.includes("provider")) return "provider";
  if (name.includes("resolver")) return "resolver";
  if (name.includes("tool")) return "tool";
  if (name.includes("hook")) return "hook";
  if (name.includes("context")) return "context";
  return "tool";
}

/** Normalizes a registry given as a list or a record. */
export function toModuleRegistry(modules: ModuleRegistry | readonly ModuleDefinition[] | undefined): ModuleRegistry {
  if (modules === undefined) return {};
  if (Array.isArray(modules)) return Object.fromEntries(modules.map((definition) => [definition.id, definition]));
  return modules as ModuleRegistry;
}

/** Loads modules by id or source. */
export class ModuleLoader {
  readonly #registry: ModuleRegistry;
  readonly #sandbox: SandboxLoader | undefined;
  readonly #planDir: string | undefined;

  constructor(options: ModuleLoaderOptions = {}) {
    this.#registry = toModuleRegistry(options.modules);
    this.#sandbox = options.sandbox;
    this.#planDir = options.planDir;
  }

  /** The ids of the built-in modules. */
  get builtins(): string[] {
    return Object.keys(this.#registry);
  }

  /**
   * Loads one module. A resolver mounted at `module-source-resolver` is asked first (a source it
   * gives runs in the sandbox); when it has none, the built-ins and then the plan's `source` are used.
   *
   * @throws KernelError `module_not_found` (no built-in and no source), `sandbox_unavailable` (a source but no sandbox), `module_invalid` (wrong type, no mount function, or a resolver answer that is no source).
   */
  async load(request: LoadRequest, coordinator: Coordinator, signal: AbortSignal): Promise<LoadedMount> {
    const config = copyConfig(request.config ?? {});
    const resolved = await resolveModuleSource(coordinator, request.id, request.source, {
      kind: request.kind,
      sandbox: request.sandbox,
      warn: (warning) => coordinator.warn?.(warning),
    });
    if (resolved !== undefined)
      return this.#loadSandboxed({ ...request, source: resolved }, config, coordinator, signal);
    if (request.source !== undefined) return this.#loadSandboxed(request, config, coordinator, signal);
    const definition = Object.hasOwn(this.#registry, request.id) ? this.#registry[request.id] : undefined;
    if (!definition) {
      const known = this.builtins;
      throw new KernelError(
        "module_not_found",
        `Module "${request.id}" not found: it is not a built-in module${didYouMean(request.id, known)}${known.length ? ` (built-ins: ${known.join(", ")})` : ""} and the plan gives no source for it.`,
        { data: { module_id: request.id } },
      );
    }
    if (typeof definition.mount !== "function") {
      throw new KernelError("module_invalid", `Module "${request.id}" has no mount function.`, {
        data: { module_id: request.id },
      });
    }
    const type = definition.type ?? detectModuleType(request.id);
    checkKind(request, type);
    const mount = definition.mount;
    return {
      id: request.id,
      type,
      sandboxed: false,
      mount: (target) => mount(target, copyConfig(config)),
      ...(definition.on_session_ready
        ? { on_session_ready: (target: Coordinator) => definition.on_session_ready!(target) }
        : {}),
    };
  }

  async #loadSandboxed(
    request: LoadRequest,
    config: Record<string, unknown>,
    coordinator: Coordinator,
    signal: AbortSignal,
  ): Promise<LoadedMount> {
    if (!this.#sandbox) {
      throw new KernelError(
        "sandbox_unavailable",
        `Module "${request.id}" has a source, so it must run in a sandbox, but this session has none: pass a SandboxLoader (amplifier-edge/sandbox) to createSession.`,
        { data: { module_id: request.id } },
      );
    }
    const loaded: LoadedModule = await this.#sandbox.load(
      {
        id: request.id,
        source: request.source!,
        config,
        sandbox: request.sandbox ?? {},
        kind: request.kind,
        ...(this.#planDir === undefined ? {} : { planDir: this.#planDir }),
      },
      { coordinator, signal },
    );
    const mount: MountFunction | undefined = typeof loaded === "function" ? loaded : loaded?.mount;
    if (typeof mount !== "function") {
      throw new KernelError("module_invalid", `The sandbox returned no mount function for "${request.id}".`, {
        data: { module_id: request.id },
      });
    }
    const ready = typeof loaded === "function" ? undefined : loaded.on_session_ready;
    return {
      id: request.id,
      type: request.kind,
      sandboxed: true,
      mount: (target) => mount(target, copyConfig(config)),
      ...(ready ? { on_session_ready: (target: Coordinator) => ready(target) } : {}),
    };
  }
}

function checkKind(request: LoadRequest, type: ModuleType): void {
  if (type !== request.kind) {
    throw new KernelError(
      "module_invalid",
      `Module "${request.id}" is a ${type} module but the plan lists it as a ${request.kind}.`,
      { data: { module_id: request.id, type, kind: request.kind } },
    );
  }
}

function copyConfig(config: Record<string, unknown>): Record<string, unknown> {
  try {
    return structuredClone(config);
  } catch {
    return { ...config };
  }
}
