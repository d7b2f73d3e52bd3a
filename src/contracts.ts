/**
 * The module contract, in Amplifier's names (DESIGN.md §2): what a module implements and what it
 * may call on the coordinator. A module written from Amplifier's documentation works unchanged;
 * Python keyword arguments become one trailing options object.
 */
import type { ApprovalSystem, DisplaySystem } from "./approval.ts";
import type { CancellationState } from "./cancellation.ts";
import type { EventHandler } from "./hooks/event-data.ts";
import type {
  ChatRequest,
  ChatResponse,
  ConfigFieldInput,
  HookResult,
  HookResultInput,
  JsonObject,
  JsonSchema,
  Message,
  ModelInfo,
  ModuleType,
  MountPoint,
  ProviderInfo,
  StreamEvent,
  ToolCall,
  ToolResultInput,
} from "./models/index.ts";
import type { ModuleSource } from "./plan/module-source.ts";
import type { SandboxOptions } from "./plan/sandbox-options.ts";

export type { StreamEvent } from "./models/stream-event.ts";

/** A value or a promise of it: sandboxed modules answer asynchronously where trusted ones may not. */
export type MaybePromise<T> = T | Promise<T>;

/** Options every contract call may take: cancellation reaches tools and providers through `signal`. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** A tool the model can call. It never throws: failures come back as `{ success: false, error }`. */
export interface Tool {
  readonly name: string;
  readonly description: string;
  /** JSON Schema of the input; `{}` when absent. */
  readonly input_schema?: JsonSchema;
  execute(input: Record<string, unknown>, options?: CallOptions): Promise<ToolResultInput>;
}

/** Options of `provider.complete()`; providers may accept more (e.g. `extended_thinking`). */
export interface CompleteOptions extends CallOptions {
  extended_thinking?: boolean;
  [option: string]: unknown;
}

/** An LLM back end. It throws `provider_failed` KernelErrors (see `llmError`). */
export interface Provider {
  readonly name: string;
  /** Lower runs first when a loop picks a default provider (default 100). */
  readonly priority?: number | undefined;
  get_info(): MaybePromise<ProviderInfo>;
  list_models(): Promise<ModelInfo[]>;
  complete(request: ChatRequest, options?: CompleteOptions): Promise<ChatResponse>;
  parse_tool_calls(response: ChatResponse): MaybePromise<ToolCall[]>;
  /** Streams the answer; the last event is `done` with the full response. */
  stream?(request: ChatRequest, options?: CompleteOptions): AsyncIterable<StreamEvent>;
  /** The model in use, so context managers can size their budget. */
  get_model_info?(): MaybePromise<ModelInfo | undefined>;
  /**
   * Real tokens per token of the built-in estimate (`estimateMessageTokens`), learned from the
   * usage this provider reported for its last request; 1 before any. Context managers multiply
   * their estimates by it.
   */
  get_token_ratio?(): number;
  /**
   * Counts the input tokens of a request exactly, as the model would (Anthropic's count_tokens,
   * OpenAI's responses/input_tokens). Costs a request; context managers call it only when the
   * estimate is too close to their threshold to decide.
   */
  count_tokens?(request: ChatRequest, options?: CallOptions): Promise<number>;
}

/** Options of `context.get_messages_for_request()`. */
export interface MessagesForRequestOptions {
  token_budget?: number;
  provider?: Provider;
}

/** Conversation memory. `get_messages_for_request` returns a (possibly compacted) view. */
export interface ContextManager {
  add_message(message: Message): Promise<void>;
  get_messages_for_request(options?: MessagesForRequestOptions): Promise<Message[]>;
  get_messages(): Promise<Message[]>;
  set_messages(messages: Message[]): Promise<void>;
  clear(): Promise<void>;
  /** Optional: a factory whose output becomes the system message of each request. */
  set_system_prompt_factory?(factory: () => MaybePromise<string>): void;
}

/** Options of `orchestrator.execute()`. */
export interface OrchestratorExecuteOptions extends CallOptions {
  coordinator: Coordinator;
}

/** The agent loop. */
export interface Orchestrator {
  execute(
    prompt: string,
    context: ContextManager,
    providers: Record<string, Provider>,
    tools: Record<string, Tool>,
    hooks: HookRegistryContract,
    options: OrchestratorExecuteOptions,
  ): Promise<string>;
}

/** What a hook handler may return: a (partial) HookResult, or nothing for continue. */
// biome-ignore lint/suspicious/noConfusingVoidType: handlers written as `async () => {}` return Promise<void>.
export type HookHandlerReturn = HookResultInput | undefined | void;

/** A hook handler. Returning nothing means continue. */
export type HookHandler = (event: string, data: Record<string, unknown>) => MaybePromise<HookHandlerReturn>;

/** Options of `hooks.register()`. */
export interface RegisterOptions {
  /** Lower runs first; ties keep registration order. Default 0. */
  priority?: number;
  name?: string;
}

/** Options of `hooks.emit_and_collect()`. */
export interface EmitAndCollectOptions {
  /** Seconds per handler (default 1). */
  timeout?: number;
}

/**
 * How `hooks.register()` takes its priority and name: an options object, or the original's
 * positional form `register(event, handler, 50, "late")` (Python's and the Node binding's).
 */
export type RegisterArguments = [options?: RegisterOptions] | [priority: number, name?: string];

/** The hook registry as modules see it (`coordinator.hooks`). */
export interface HookRegistryContract {
  /** Registers `handler` for `event` (its data typed by name, see `KernelEventMap`). */
  register<E extends string>(event: E, handler: EventHandler<E>, ...options: RegisterArguments): () => void;
  on<E extends string>(event: E, handler: EventHandler<E>, ...options: RegisterArguments): () => void;
  unregister(name: string): boolean;
  emit(event: string, data?: Record<string, unknown>): Promise<HookResult>;
  emit_and_collect(
    event: string,
    data?: Record<string, unknown>,
    options?: EmitAndCollectOptions,
  ): Promise<JsonObject[]>;
  list_handlers(event?: string): Record<string, string[]>;
  set_default_fields(fields: Record<string, unknown>): void;
}

/** The cancellation token as modules see it (`coordinator.cancellation`). */
export interface CancellationTokenContract {
  readonly state: CancellationState;
  readonly is_cancelled: boolean;
  readonly is_graceful: boolean;
  readonly is_immediate: boolean;
  readonly running_tools: ReadonlySet<string>;
  readonly running_tool_names: readonly string[];
  /** An AbortSignal that aborts when the token becomes immediate (tools and providers get it). */
  readonly signal: AbortSignal;
  request_graceful(): boolean;
  request_immediate(): boolean;
  register_tool_start(tool_call_id: string, tool_name: string): void;
  register_tool_complete(tool_call_id: string): void;
  on_cancel(callback: () => MaybePromise<void>): () => void;
  trigger_callbacks(): Promise<void>;
}

/** Options of `coordinator.mount()` / `unmount()`; a bare string is taken as the name. */
export interface MountOptions {
  name?: string;
}

/** A function run at cleanup, in reverse registration order. */
export type Cleanup = () => MaybePromise<unknown>;

/** A contribution callback (`register_contributor`). */
export type Contributor = () => MaybePromise<unknown>;

/** The coordinator as modules see it. */
export interface Coordinator {
  readonly session_id: string;
  readonly parent_id: string | undefined;
  /** The live mount plan. */
  readonly config: Record<string, unknown>;
  readonly hooks: HookRegistryContract;
  readonly cancellation: CancellationTokenContract;
  /** Mutable state shared by modules for the life of the session. */
  readonly session_state: Record<string, unknown>;
  /** The session that owns this coordinator, if any. */
  readonly session: unknown;
  readonly approval_system: ApprovalSystem | null | undefined;
  readonly display_system: DisplaySystem | null | undefined;

  /** Mounts `module` at `mount_point`: a tool at "tools", a provider at "providers", ... (see {@link MountPointMap}). */
  mount<P extends string>(mount_point: P, module: MountedAt<P>, options?: MountOptions | string): Promise<void>;
  unmount(mount_point: string, options?: MountOptions | string): Promise<void>;
  get(mount_point: "orchestrator"): Orchestrator | undefined;
  get(mount_point: "context"): ContextManager | undefined;
  get(mount_point: "providers"): Record<string, Provider>;
  get(mount_point: "providers", name: string): Provider | undefined;
  get(mount_point: "tools"): Record<string, Tool>;
  get(mount_point: "tools", name: string): Tool | undefined;
  get(mount_point: "hooks"): HookRegistryContract;
  get(mount_point: string, name?: string): unknown;

  register_capability(name: string, value: unknown): void;
  get_capability<T = unknown>(name: string): T | undefined;
  register_contributor(channel: string, name: string, callback: Contributor): void;
  collect_contributions(channel: string): Promise<unknown[]>;
  register_cleanup(cleanup: Cleanup | null | undefined): void;
  /** `data` (this kernel's own) is the event's data, so an `ask_user` approval can name its tool call. */
  process_hook_result(
    result: HookResultInput,
    event: string,
    hook_name?: string,
    data?: Readonly<Record<string, unknown>>,
  ): Promise<HookResult>;
  /**
   * This kernel's own: reports a non-fatal condition (it lands in `session.status().warnings` and
   * the host's `onWarning`) where the original would log. Optional: test doubles may lack it.
   */
  warn?(warning: ModuleWarning): void;
  /** Flips the cancellation state: `request_cancel({ immediate: true })` (a bare boolean works too). */
  request_cancel(immediate?: boolean | { immediate?: boolean }): Promise<void>;
  reset_turn(): void;
}

/** What each mount point holds: `coordinator.mount("tools", tool)` takes a {@link Tool}, and so on. */
export interface MountPointMap {
  tools: Tool;
  providers: Provider;
  orchestrator: Orchestrator;
  context: ContextManager;
  "module-source-resolver": ModuleSourceResolver;
}

/** What `coordinator.mount(mount_point, ...)` takes: the map's entry, or anything at a mount point of a module's own. */
export type MountedAt<P extends string> = P extends keyof MountPointMap ? MountPointMap[P] : unknown;

/** A non-fatal condition a module reports through `coordinator.warn()`. */
export interface ModuleWarning {
  /**
   * `risky_permissions`: a sandboxed module's plan grants a combination a reviewer should look at.
   * `permissions_beyond_request`: a plan grants a package more than its manifest asks for.
   * `permissions_not_granted`: a package's manifest asks for what the plan does not grant (the module is denied it).
   */
  code: "config_ignored" | "risky_permissions" | "permissions_beyond_request" | "permissions_not_granted";
  message: string;
  data?: Record<string, unknown>;
}

/**
 * What `mount()` may return: a cleanup function, a module object (a Tool, a metadata dict), or
 * nothing ("graceful degradation", e.g. a provider with no API key).
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a mount() written as `async () => {}` returns Promise<void>.
export type MountResult = Cleanup | object | undefined | null | void;

/** A module's entry point. */
export type MountFunction = (coordinator: Coordinator, config: Record<string, unknown>) => Promise<MountResult>;

/** What a built-in module exports. The loader's registry is `Record<id, ModuleDefinition>`. */
export interface ModuleDefinition {
  readonly id: string;
  readonly type: ModuleType;
  readonly mount: MountFunction;
  readonly description?: string;
  readonly version?: string;
  readonly config_fields?: readonly ConfigFieldInput[];
  /** Runs once every module has mounted, in mount order. */
  on_session_ready?(coordinator: Coordinator): Promise<void>;
}

/** A registry of trusted built-in modules, by id. */
export type ModuleRegistry = Readonly<Record<string, ModuleDefinition>>;

/** One untrusted module the loader hands to the sandbox. */
export interface SandboxEntry {
  readonly id: string;
  readonly source: ModuleSource;
  readonly config: Record<string, unknown>;
  readonly sandbox: SandboxOptions;
  readonly kind: ModuleType;
  /** Directory of the plan file, to resolve relative source paths. */
  readonly planDir?: string;
}

/** What the loader passes along with a SandboxEntry. */
export interface SandboxLoadContext {
  readonly coordinator: Coordinator;
  readonly signal: AbortSignal;
}

/**
 * What a module source resolver may answer: a source, or the original's `ModuleSource` object
 * whose `resolve()` gives one. `null`/`undefined` means "not mine" (the loader falls back).
 */
export type ResolvedModuleSource = ModuleSource | { resolve(): MaybePromise<ModuleSource> } | null | undefined;

/**
 * This kernel's own third argument to a resolver (the original passes the id and the hint only):
 * the plan entry being loaded, so a resolver that knows what a module declares (a package's
 * manifest) can hold it to the slot it is mounted in and to what the plan grants it.
 */
export interface ModuleResolveContext {
  /** The plan section the entry is in: the mount point the module must fit. */
  readonly kind: ModuleType;
  /** The entry's `sandbox` block (its `permissions` are the plan's grant), when it has one. */
  readonly sandbox?: SandboxOptions | undefined;
  /** Reports a non-fatal condition (`session.status().warnings`, the host's `onWarning`). */
  warn(warning: ModuleWarning): void;
}

/**
 * The original's `ModuleSourceResolver`, mounted at `module-source-resolver`: the loader asks it
 * where a module's code is before it looks at the built-ins and the plan's `source`. Throwing a
 * `module_not_found` KernelError (or an error named `ModuleNotFoundError`) falls back as well.
 */
export interface ModuleSourceResolver {
  resolve?(
    module_id: string,
    source_hint?: ModuleSource,
    context?: ModuleResolveContext,
  ): MaybePromise<ResolvedModuleSource>;
  /** Preferred over `resolve` when both exist, as in the original. */
  async_resolve?(
    module_id: string,
    source_hint?: ModuleSource,
    context?: ModuleResolveContext,
  ): Promise<ResolvedModuleSource>;
}

/** A loaded sandboxed module: a mount function, optionally with `on_session_ready`. */
export type LoadedModule = MountFunction | Pick<ModuleDefinition, "mount" | "on_session_ready">;

/**
 * The loader's seam for untrusted modules, implemented by `sandbox/`. Without one, a plan entry
 * with a `source` fails with `sandbox_unavailable`.
 */
export interface SandboxLoader {
  load(entry: SandboxEntry, context: SandboxLoadContext): Promise<LoadedModule>;
}

/** The mount point names, for modules that check what they are given. */
export type { MountPoint };
