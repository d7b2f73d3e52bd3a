/**
 * The wire between the page client (`connect.ts`) and the worker host (`host.ts`): one comlink
 * API of plain-data calls keyed by session id, answers as {@link Result}s (never thrown errors, which
 * lose their code on the way), and the page's two callbacks, proxied once per connection.
 */
import type { Result } from "../../src/errors.ts";
import type { Message } from "../../src/models/index.ts";
import type { SessionStatusReport } from "../../src/session-options.ts";
import type { ValidationReport } from "../../src/validation/check.ts";
import type {
  ApprovalRequest,
  HookFireReport,
  LastRequest,
  ModuleCheckOptions,
  ModuleInspection,
  SessionExport,
  ToolCallReport,
  WebEvent,
  WebModuleSource,
  WebSessionInfo,
  WebToolInfo,
} from "./client-types.ts";

/** An event on the wire: the page routes it by session, and by turn to `execute`'s `onEvent`. */
export interface WireEvent extends WebEvent {
  readonly session_id: string;
  /** The turn it was emitted in (as numbered by the page), or undefined outside a turn. */
  readonly turn: number | undefined;
}

/** An approval request on the wire, with the turn it belongs to. */
export interface WireApprovalRequest extends ApprovalRequest {
  readonly turn: number | undefined;
}

/** What the page gives the worker once, as comlink proxies. */
export interface PageCallbacks {
  /** Receives events in batches, in emission order; resolves once the page has dispatched them. */
  events(batch: readonly WireEvent[]): void | Promise<void>;
  /** Answers an approval request with one of its options. */
  approve(request: WireApprovalRequest): string | Promise<string>;
  /** Tells the page that a request needs no answer any more (timed out, cancelled). */
  settled(requestId: string): void | Promise<void>;
}

/** Session options as they cross (the page keeps its listeners). */
export interface WireSessionOptions {
  readonly sessionId?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly rememberEnv?: boolean;
  readonly title?: string;
}

/** Resume options as they cross. */
export interface WireResumeOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly rememberEnv?: boolean;
}

/** The API the worker exposes with `Comlink.expose`. */
export interface HostApi {
  /** Registers the page's callbacks (one page per worker). */
  attach(callbacks: PageCallbacks): Promise<Result<{ version: 1 }>>;
  createSession(plan: string | object, options: WireSessionOptions): Promise<Result<string>>;
  resumeSession(id: string, options: WireResumeOptions): Promise<Result<string>>;
  execute(id: string, prompt: string, turn: number): Promise<Result<string>>;
  cancel(id: string, immediate: boolean): Promise<Result<void>>;
  messages(id: string): Promise<Result<Message[]>>;
  lastRequest(id: string): Promise<Result<LastRequest | undefined>>;
  status(id: string): Promise<Result<SessionStatusReport>>;
  tools(id: string): Promise<Result<WebToolInfo[]>>;
  hooks(id: string): Promise<Result<Record<string, string[]>>>;
  callTool(id: string, name: string, input: unknown, turn: number): Promise<Result<ToolCallReport>>;
  fireHook(id: string, event: string, data: unknown, turn: number): Promise<Result<HookFireReport>>;
  closeSession(id: string): Promise<Result<void>>;
  listSessions(): Promise<Result<WebSessionInfo[]>>;
  deleteSession(id: string): Promise<Result<void>>;
  exportSession(id: string): Promise<Result<SessionExport>>;
  importSession(exported: unknown): Promise<Result<string>>;
  validateModule(source: WebModuleSource, options: ModuleCheckOptions): Promise<Result<ValidationReport>>;
  inspectModule(source: WebModuleSource, options: ModuleCheckOptions): Promise<Result<ModuleInspection>>;
  /** Closes every session, disposes sandboxes and closes the store. */
  dispose(): Promise<Result<void>>;
}
