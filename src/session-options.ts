/** The option and report types of sessions (host API), and how a child inherits options. */
import type { ApprovalSystem, DisplaySystem } from "./approval.ts";
import type { ModuleDefinition, ModuleRegistry, ModuleSourceResolver, SandboxLoader } from "./contracts.ts";
import type { CoordinatorWarning, ModuleCoordinator } from "./coordinator.ts";
import type { HookHandlerFailure } from "./hooks/registry.ts";
import type { SessionState } from "./models/index.ts";
import type { FailedModule } from "./session-init.ts";

/** Options of {@link createSession}. */
export interface CreateSessionOptions {
  /** Trusted built-in modules, by id (or as a list). */
  modules?: ModuleRegistry | readonly ModuleDefinition[];
  /** Loads modules that have a `source`; without it such entries fail with `sandbox_unavailable`. */
  sandbox?: SandboxLoader;
  /**
   * Mounted at `module-source-resolver` before any module loads: the loader asks it where each
   * module's code is (the original's ModuleSourceResolver). A child inherits it.
   */
  resolver?: ModuleSourceResolver;
  approval?: ApprovalSystem;
  display?: DisplaySystem;
  /** A MessageStore, handed to modules as the `session.store` capability. */
  store?: unknown;
  /** Default `<parent id>-<new id>`. */
  sessionId?: string;
  parentId?: string;
  /**
   * Makes this a child session: `parentId` is the parent's id, approval, display, modules and
   * sandbox are inherited unless given, and cancelling the parent cancels the child.
   */
  parent?: ParentSession;
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

/** What a child session takes from its parent. */
export interface ParentSession {
  readonly sessionId: string;
  readonly coordinator: ModuleCoordinator;
  readonly options: Readonly<CreateSessionOptions>;
}

/** A hook handler failure as recorded in the session status. */
export interface RecordedHookFailure {
  event: string;
  handler_name: string;
  kind: HookHandlerFailure["kind"];
  error: string;
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
  /** The latest hook handlers that threw, timed out or answered invalid results (at most 50). */
  hookFailures: RecordedHookFailure[];
  /** The latest non-fatal warnings of the coordinator (at most 50). */
  warnings: CoordinatorWarning[];
}

/** Options of `session.execute()`. */
export interface ExecuteOptions {
  /** Aborting it requests an immediate cancellation of the turn. */
  signal?: AbortSignal;
}

/** How many hook failures and warnings a session status keeps. */
export const STATUS_LIST_LIMIT = 50;

/** Appends to a list that keeps only its latest STATUS_LIST_LIMIT items. */
export function pushCapped<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > STATUS_LIST_LIMIT) list.splice(0, list.length - STATUS_LIST_LIMIT);
}

/** A child's options: what it does not set comes from its parent (never the parent's ids or store). */
export function inheritSessionOptions(
  parent: Readonly<CreateSessionOptions>,
  child: CreateSessionOptions,
): CreateSessionOptions {
  const inherited: CreateSessionOptions = { ...child };
  if (child.modules === undefined && parent.modules !== undefined) inherited.modules = parent.modules;
  if (child.sandbox === undefined && parent.sandbox !== undefined) inherited.sandbox = parent.sandbox;
  if (child.resolver === undefined && parent.resolver !== undefined) inherited.resolver = parent.resolver;
  if (child.approval === undefined && parent.approval !== undefined) inherited.approval = parent.approval;
  if (child.display === undefined && parent.display !== undefined) inherited.display = parent.display;
  if (child.env === undefined && parent.env !== undefined) inherited.env = parent.env;
  if (child.now === undefined && parent.now !== undefined) inherited.now = parent.now;
  if (child.newId === undefined && parent.newId !== undefined) inherited.newId = parent.newId;
  return inherited;
}
