/** The option and report types of sessions (host API). */
import type { ApprovalSystem, DisplaySystem } from "./approval.ts";
import type { ModuleDefinition, ModuleRegistry, SandboxLoader } from "./contracts.ts";
import type { CoordinatorWarning } from "./coordinator.ts";
import type { HookHandlerFailure } from "./hooks/registry.ts";
import type { SessionState } from "./models/index.ts";
import type { FailedModule } from "./session-init.ts";

/** Options of {@link createSession}. */
export interface CreateSessionOptions {
  /** Trusted built-in modules, by id (or as a list). */
  modules?: ModuleRegistry | readonly ModuleDefinition[];
  /** Loads modules that have a `source`; without it such entries fail with `sandbox_unavailable`. */
  sandbox?: SandboxLoader;
  approval?: ApprovalSystem;
  display?: DisplaySystem;
  /** A MessageStore, handed to modules as the `session.store` capability. */
  store?: unknown;
  sessionId?: string;
  parentId?: string;
  /** This session continues stored history: the first turn emits `session:resume`. */
  resumed?: boolean;
  /** Metadata for `session:fork` / `session:start`. */
  metadata?: Record<string, unknown>;
  /** Values for `${NAME}` in the plan. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Capabilities registered before any module mounts. */
  capabilities?: Readonly<Record<string, unknown>>;
  /** Directory of the plan, for relative module sources. */
  planDir?: string;
  /** A mount() slower than this fails (`mount_timeout`); no limit by default. */
  mountTimeoutMs?: number;
  now?: () => Date;
  newId?: () => string;
  /** Receives non-fatal conditions (injection budget, display failures, ...). */
  onWarning?: (warning: CoordinatorWarning) => void;
  /** Receives hook handlers that threw, timed out or returned an invalid result. */
  onHookError?: (failure: HookHandlerFailure) => void;
}

/** What `session.status()` reports. */
export interface SessionStatusReport {
  sessionId: string;
  parentId: string | undefined;
  state: SessionState;
  turns: number;
  startedAt: string;
  endedAt?: string;
  lastError?: string;
  /** Providers, tools and hooks that failed to load or mount. */
  failedModules: FailedModule[];
  /** Modules whose mount() mounted nothing (e.g. a provider with no API key). */
  degradedModules: string[];
  mounted: { orchestrator: boolean; context: boolean; providers: string[]; tools: string[] };
  /** Errors thrown by cleanups (cleanup still ran every one of them). */
  cleanupErrors: string[];
}

/** Options of `session.execute()`. */
export interface ExecuteOptions {
  /** Aborting it requests an immediate cancellation of the turn. */
  signal?: AbortSignal;
}
