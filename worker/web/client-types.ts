/**
 * The typed API a page gets from `connectWorker(worker)`: the kernel, its sandboxes and the
 * IndexedDB store live in a module Web Worker; the page holds plain data and callbacks only.
 * Everything here crosses comlink as structured clones, so every value is plain data (no
 * classes, no functions) except the callbacks the page passes, which the client proxies.
 *
 * Errors: every method rejects with a `KernelError` (recognise it with `KernelError.is(error, code)`),
 * rebuilt on the page from the `{ code, message, data }` the worker sent.
 */
import type { ApprovalDefault } from "../../src/approval.ts";
import type { KernelErrorData } from "../../src/errors.ts";
import type { EventData } from "../../src/hooks/event-data.ts";
import type { HookHandlerTrace } from "../../src/hooks/registry.ts";
import type { HookResult, Message, ModuleType, ToolResult } from "../../src/models/index.ts";
import type { SandboxOptions } from "../../src/plan/sandbox-options.ts";
import type { MountPlanInput } from "../../src/plan/schema.ts";
import type { SessionStatusReport } from "../../src/session-options.ts";
import type { SessionInfo } from "../../src/storage/message-store.ts";
import type { ValidationCheck, ValidationReport } from "../../src/validation/check.ts";

export type {
  ApprovalDefault,
  HookHandlerTrace,
  HookResult,
  KernelErrorData,
  Message,
  ModuleType,
  MountPlanInput,
  SessionInfo,
  SessionStatusReport,
  ToolResult,
  ValidationCheck,
  ValidationReport,
};

/**
 * One kernel event as the page receives it: Amplifier's event name and its payload (JSON data).
 * Messages hooks show through the display system arrive as `display:message` `{ message, level, source }`.
 */
export interface WebEvent<E extends string = string> {
  /** The event name, e.g. `tool:pre`, `content_block:delta`, `sandbox:killed`. */
  readonly name: E;
  /**
   * The payload with `session_id` and `timestamp` merged in, made JSON-safe; typed by name
   * (`KernelEventMap`): narrow with `isEvent(event, "tool:pre")`.
   */
  readonly data: EventData<E>;
  /** Position of the event in its session, from 1, in emission order. */
  readonly seq: number;
}

/** Receives events in the order the kernel emitted them. */
export type WebEventListener = (event: WebEvent) => void;

/** An `ask_user` decision the worker needs from the page. */
export interface ApprovalRequest {
  /** Unique per request (a dialog can key on it). */
  readonly request_id: string;
  readonly session_id: string;
  /** The question to show. */
  readonly prompt: string;
  /** The answers to offer, e.g. `["Allow once", "Allow always", "Deny"]`. */
  readonly options: readonly string[];
  /** Seconds the worker waits for an answer before it applies `default`. */
  readonly timeout: number;
  /** What happens when no answer arrives in time. */
  readonly default: ApprovalDefault;
  /** Who asks: a sandboxed module's id, or the trusted hook's name (show it beside the question). */
  readonly source?: string;
  /** The tool call the question is about, when a `tool:pre` hook asked. */
  readonly tool_call_id?: string;
  readonly tool_name?: string;
}

/** What the page's approval handler gets besides the request. */
export interface ApprovalContext {
  /** Aborts when the request no longer needs an answer (it timed out, or the turn was cancelled). */
  readonly signal: AbortSignal;
}

/** Answers an approval request with one of its options (anything not an allow option denies). */
export type ApprovalHandler = (request: ApprovalRequest, context: ApprovalContext) => string | Promise<string>;

/** Options of {@link connectWorker}. */
export interface ConnectOptions {
  /** Answers approvals of every session whose turn was given no `onApproval`. Without any handler, approvals deny. */
  readonly onApproval?: ApprovalHandler;
  /**
   * How long `dispose()` waits for the worker to clean up (sessions, sandboxes, the store) before
   * it terminates the worker anyway (default 5 000 ms).
   */
  readonly disposeTimeoutMs?: number;
}

/** Options of {@link WebClient.createSession}. */
export interface CreateWebSessionOptions {
  /** The session id (1–128 of `A–Z a–z 0–9 . _ : @ -`); a random UUID by default. */
  readonly sessionId?: string;
  /** Values for `${NAME}` in the plan, e.g. `{ ANTHROPIC_API_KEY }`. Kept in the worker's memory only. */
  readonly env?: Readonly<Record<string, string>>;
  /** Store `env` with the session so that a resume after a reload has it (off by default). */
  readonly rememberEnv?: boolean;
  /** The title shown in the session list (else the start of the first prompt). */
  readonly title?: string;
  /** Receives every event of the session, from mounting to close, besides the per-turn `onEvent`. */
  readonly onEvent?: WebEventListener;
}

/** Options of {@link WebClient.resumeSession}. */
export interface ResumeWebSessionOptions {
  /** Values for `${NAME}` in the stored plan (they replace remembered ones). */
  readonly env?: Readonly<Record<string, string>>;
  readonly rememberEnv?: boolean;
  readonly onEvent?: WebEventListener;
}

/** Options of {@link WebSession.execute}. */
export interface WebExecuteOptions {
  /** Receives this turn's events as they happen, in order; all of them before `execute` resolves. */
  readonly onEvent?: WebEventListener;
  /** Aborting it cancels the turn immediately (`cancel(true)`); the turn rejects with `cancelled`. */
  readonly signal?: AbortSignal;
  /** Answers this turn's approvals (else the client's `onApproval`). */
  readonly onApproval?: ApprovalHandler;
}

/** The figures of a compaction, as the `context:compaction` event reported them. */
export interface CompactionFigures {
  readonly before_tokens: number;
  readonly after_tokens: number;
  readonly before_messages: number;
  readonly after_messages: number;
  readonly levels_applied: readonly number[];
  readonly budget: number;
  readonly target: number;
  readonly threshold: number;
  readonly over_budget: boolean;
  readonly compaction_count: number;
  /** Any other figures the context reported (removed tool pairs, truncated results, ...). */
  readonly [figure: string]: unknown;
}

/** The view the provider last received: `context.get_messages_for_request()`'s answer. */
export interface LastRequest {
  /** The (possibly compacted) messages handed to the provider. */
  readonly messages: Message[];
  /** The token budget the orchestrator asked for, when it gave one. */
  readonly token_budget?: number;
  /** The name of the provider the view was for, when known. */
  readonly provider?: string;
  /** ISO time of the request. */
  readonly at: string;
  /** The figures of the latest compaction in this session, if any happened. */
  readonly compaction?: CompactionFigures;
  /** What the provider answered to the last request it answered (absent while it has not yet). */
  readonly response?: LastResponse;
}

/**
 * What the provider last answered: `provider:response`'s figures and the assistant message the loop
 * stored from it, bounded (long text and arguments cut, `truncated` set).
 */
export interface LastResponse {
  /** ISO time of the answer. */
  readonly at: string;
  readonly provider?: string;
  /** The answer's text (its text blocks joined). */
  readonly text: string;
  /** The tool calls it asked for, each with its arguments as JSON. */
  readonly tool_calls: readonly { readonly id: string; readonly tool: string; readonly arguments: string }[];
  readonly usage?: Record<string, unknown>;
  /** Why the model stopped (`end_turn`, `tool_use`, `stop`, ...), when the provider said. */
  readonly finish_reason?: string;
  /** The model that answered, when the provider reported it. */
  readonly model?: string;
  readonly response_id?: string;
  /** True when text, arguments or calls were cut to keep the view small. */
  readonly truncated?: boolean;
}

/** A session living in the worker. */
export interface WebSession {
  readonly id: string;
  /**
   * Runs one turn and resolves with the answer.
   * @throws KernelError `session_busy`, `cancelled`, `no_provider`, `execution_failed`, `not_initialized` (closed).
   */
  execute(prompt: string, options?: WebExecuteOptions): Promise<string>;
  /** Cancels the running turn: gracefully (stop at the next check point) or immediately. */
  cancel(immediate?: boolean): Promise<void>;
  /** The stored history (never compacted). */
  messages(): Promise<Message[]>;
  /** The compacted view the provider last received, or undefined before the first provider call. */
  lastRequest(): Promise<LastRequest | undefined>;
  /** State, counters, mounted modules and the modules that failed to load. */
  status(): Promise<SessionStatusReport>;
  /** The tools the session offers a model, with their input schemas. */
  tools(): Promise<WebToolInfo[]>;
  /** The hook handlers registered per event, in the order they run. */
  hooks(): Promise<Record<string, string[]>>;
  /**
   * Calls a tool as the loop would (`tool:pre` hooks, its input checked against its schema, `tool:post`),
   * without a model; nothing is stored in the conversation.
   * @throws KernelError `invalid_argument` (no such tool, input not an object), `session_busy`, `not_initialized`.
   */
  callTool(name: string, input: Record<string, unknown>, options?: WebProbeOptions): Promise<ToolCallReport>;
  /**
   * Emits an event to the session's hooks with the data given and reports every handler's answer;
   * the combined result is shown, not applied.
   * @throws KernelError `invalid_argument` (empty event, data not an object), `session_busy`, `not_initialized`.
   */
  fireHook(event: string, data: Record<string, unknown>, options?: WebProbeOptions): Promise<HookFireReport>;
  /** Ends the session in the worker (its history stays stored). Idempotent. */
  close(): Promise<void>;
}

/** A tool a session offers. */
export interface WebToolInfo {
  readonly name: string;
  readonly description: string;
  readonly input_schema: Record<string, unknown>;
}

/** Options of {@link WebSession.callTool} and {@link WebSession.fireHook}. */
export interface WebProbeOptions {
  /** Receives the events of the call as they happen; all of them before it resolves. */
  readonly onEvent?: WebEventListener;
  /** Answers its approvals (else the client's `onApproval`). */
  readonly onApproval?: ApprovalHandler;
}

/** What a direct tool call produced. */
export interface ToolCallReport {
  /** The ToolResult as the loop would have stored it: a hook's denial and a refused input included. */
  readonly result: ToolResult;
  /** Milliseconds from `tool:pre` to the end of `tool:post`, by the worker's clock. */
  readonly duration_ms: number;
}

/** What firing a hook event produced. */
export interface HookFireReport {
  /** The handlers' results combined as `emit` combines them (deny > ask_user > inject > continue). */
  readonly result: HookResult;
  /** Each handler that ran, in order, with its answer or failure and its time. */
  readonly handlers: readonly HookHandlerTrace[];
  /** Handlers registered for the event that did not run (a deny ended the emit before them). */
  readonly not_run: readonly string[];
  readonly duration_ms: number;
}

/** A session as `exportSession` writes it and `importSession` reads it (JSON). */
export interface SessionExport {
  readonly format: "amplifier-edge/session";
  readonly version: 1;
  readonly session_id: string;
  readonly title?: string;
  readonly created_at: number;
  readonly updated_at: number;
  /** The mount plan the session was created with (secrets not included). */
  readonly plan: unknown;
  readonly messages: Message[];
  /** The session's key-value area (e.g. the virtual filesystem), remembered secrets excluded. */
  readonly values: Record<string, unknown>;
}

/** A stored session in the list (once it has a message or a title), with whether the worker can resume it. */
export interface WebSessionInfo extends SessionInfo {
  /** The session has a stored plan (it was created through a web client). */
  readonly resumable: boolean;
  /** The session is open in this worker. */
  readonly open: boolean;
}

/** A module's code: ES module text, or a small set of files with an entry. */
export type WebModuleSource = string | { readonly files: Readonly<Record<string, string>>; readonly entry: string };

/** Options of {@link WebClient.validateModule} and {@link WebClient.inspectModule}. */
export interface ModuleCheckOptions {
  /** The module type the checks are for. */
  readonly type: ModuleType;
  /** The module id its messages and hook names use, as it will be in the plan (default `module-under-test`). */
  readonly id?: string;
  readonly config?: Record<string, unknown>;
  /** Limits and permissions of the sandbox the module is tried in (nothing granted by default). */
  readonly sandbox?: SandboxOptions;
}

/** A tool a module mounted. */
export interface InspectedTool {
  readonly name: string;
  readonly description: string;
  readonly input_schema: unknown;
}

/** A hook handler a module registered. */
export interface InspectedHook {
  readonly event: string;
  readonly name: string;
}

/** One thing a plan entry grants a sandboxed module. */
export type PermissionGrant =
  | { readonly kind: "network"; readonly host: string; readonly label: string }
  | {
      readonly kind: "secret";
      readonly host: string;
      readonly header: string;
      readonly secret: string;
      readonly label: string;
    }
  | { readonly kind: "capability"; readonly name: string; readonly label: string }
  | { readonly kind: "transcript"; readonly label: string }
  | { readonly kind: "storage"; readonly quota_bytes: number; readonly label: string }
  | { readonly kind: "hooks"; readonly event: string; readonly label: string }
  | { readonly kind: "inject"; readonly role: "system" | "user" | "assistant"; readonly label: string }
  | { readonly kind: "display"; readonly label: string }
  | { readonly kind: "approval"; readonly label: string }
  | { readonly kind: "names"; readonly name: string; readonly label: string };

/** A capability a module tried to use while mounting and was refused (a `policy:violation`). */
export interface RequestedCapability {
  readonly capability: string;
  readonly action: string;
  readonly target: string;
  readonly reason: string;
}

/** What trying a module in a sandbox showed. */
export interface ModuleInspection {
  /** False when the module could not be loaded or mounted; `error` says why. */
  readonly loaded: boolean;
  readonly error?: KernelErrorData;
  readonly tools: InspectedTool[];
  readonly providers: string[];
  readonly hooks: InspectedHook[];
  readonly orchestrator: boolean;
  readonly context: boolean;
  /** What it tried to use beyond its grants while mounting. */
  readonly requested: RequestedCapability[];
  /** What the given sandbox options grant (see `describePermissions`). */
  readonly granted: PermissionGrant[];
}

/** The page's handle on the worker. */
export interface WebClient extends AsyncDisposable {
  /**
   * Creates a session from a mount plan (YAML, JSON text or an object), mounts its modules and
   * stores its plan so it can be resumed.
   * @throws KernelError `invalid_plan` (every problem in `issues`), `mount_failed`, `invalid_argument` (id in use).
   */
  createSession(plan: string | MountPlanInput, options?: CreateWebSessionOptions): Promise<WebSession>;
  /**
   * Opens a stored session again, repairing what a crash left behind; its first turn emits `session:resume`.
   * @throws KernelError `invalid_argument` (unknown id or no stored plan), `session_busy` (open in this worker).
   */
  resumeSession(id: string, options?: ResumeWebSessionOptions): Promise<WebSession>;
  /** Every stored session, the most recently updated first. */
  listSessions(): Promise<WebSessionInfo[]>;
  /** Closes the session if it is open, then deletes its history, plan and values. */
  deleteSession(id: string): Promise<void>;
  /** @throws KernelError `invalid_argument` for an unknown id. */
  exportSession(id: string): Promise<SessionExport>;
  /**
   * Stores an exported session and resolves with its id (a new one when the exported id is taken).
   * @throws KernelError `invalid_argument` naming the path of what is wrong in the export.
   */
  importSession(exported: SessionExport | string): Promise<string>;
  /** Runs the validator on a module in a sandbox. Never throws for a bad module: the report says why. */
  validateModule(source: WebModuleSource, options: ModuleCheckOptions): Promise<ValidationReport>;
  /** Mounts a module in a throwaway sandbox and reports what it mounted and what it tried to use. */
  inspectModule(source: WebModuleSource, options: ModuleCheckOptions): Promise<ModuleInspection>;
  /** Closes every session, disposes the sandboxes, closes the store and terminates the worker. Idempotent. */
  dispose(): Promise<void>;
}

/**
 * The signature of `connectWorker` (in `connect.ts`): wraps a module Web Worker that runs the host
 * (`startHostWorker()`, or your own entry calling `serveWorkerHost()`), and resolves once the
 * worker answers.
 */
export type ConnectWorker = (worker: Worker, options?: ConnectOptions) => Promise<WebClient>;
